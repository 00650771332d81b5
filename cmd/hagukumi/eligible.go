package main

import (
	"context"
	"errors"
	"io"
)

// eligibleCmd is being written (issue 3); until then it says so.
func eligibleCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("eligible はまだ使えません")
}
