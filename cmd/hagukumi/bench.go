package main

import (
	"context"
	"errors"
	"io"
)

// benchCmd is being written (issue 5); until then it says so.
func benchCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("bench はまだ使えません")
}
