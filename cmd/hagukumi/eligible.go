package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"hagukumi/calendar"
	"hagukumi/training"
)

// ensureTraining gives a municipality the default catalog on first start.
func (a *app) ensureTraining(ctx context.Context) error {
	return (&training.Store{DB: a.DB}).EnsureCatalog(ctx, a.Muni.ID)
}

// eligibleCmd prints a program's roster for a fiscal year.
func eligibleCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := newFlags("eligible", &cfg, stderr)
	code := fs.String("program", "", "program code, e.g. NEW_HIRE")
	fyArg := fs.String("fy", "", "fiscal year: 2026, 令和8年度 or R8 (default this year)")
	asJSON := fs.Bool("json", false, "print a JSON array")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *code == "" {
		return fmt.Errorf("--program を指定してください（例: --program NEW_HIRE）")
	}
	fy, err := calendar.ParseFY(*fyArg, time.Now())
	if err != nil {
		return fmt.Errorf("--fy: %w", err)
	}
	a, err := open(ctx, &cfg, stderr)
	if err != nil {
		return err
	}
	defer a.DB.Close()
	ts := &training.Store{DB: a.DB}
	p, err := ts.ProgramByCode(ctx, a.Muni.ID, *code)
	if err != nil {
		return err
	}
	r, err := ts.RosterFor(ctx, a.Muni.ID, p, fy, nil)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(r.Entries())
	}
	fmt.Fprintf(stdout, "%s（%s）%s の対象者: %s — %d 人\n", p.Name, p.Code, calendar.FormatNendo(fy), p.Rule.Sentence(), len(r.People))
	for _, u := range r.ByUnit {
		fmt.Fprintf(stdout, "  %s %d人\n", u.Unit, u.Count)
	}
	for _, e := range r.Entries() {
		fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\n", e.Number, e.Name, e.Unit, e.EmploymentType)
	}
	return nil
}
