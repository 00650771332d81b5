package main

import (
	"context"
	"errors"
	"io"
)

// backupCmd and restoreCmd are being written (issue 6); until then they say so.
func backupCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("backup はまだ使えません")
}

func restoreCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("restore はまだ使えません")
}
