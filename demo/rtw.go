package demo

import (
	"context"
	"fmt"
	"time"

	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/db"
	"hagukumi/rtw"
)

// DemoCaseManager is the login of the demo's 復職支援担当, who is assigned
// the three demo cases; its password is printed when the demo is made.
const DemoCaseManager = "demo_fukushoku"

// demoCases are three clearly fictional return-to-work cases in different
// steps. No real person or diagnosis: the texts are invented examples.
var demoCases = []struct {
	step     int
	returned int // months before now, 0 for not returned yet
	content  rtw.Content
	note     string
}{
	{1, 0, rtw.Content{Diagnosis: "（架空）休業診断書: 3か月の療養を要する。"}, "（架空）本人と電話で面談。療養に専念する意向。次回は1か月後。"},
	{3, 0, rtw.Content{Diagnosis: "（架空）休業診断書: 2か月の療養。", DoctorOpinion: "（架空）主治医: 短時間勤務からの復職は可能。",
		OHOpinion: "（架空）産業医: 試し出勤ののち判断。", TrialPlan: "（架空）試し出勤 4週間、1日4時間、資料整理のみ。延長は最大4週間。"},
		"（架空）試し出勤の計画を所属長と確認。本人の同意あり。"},
	{5, 2, rtw.Content{DoctorOpinion: "（架空）主治医: 通常勤務可。", ReturnDecision: "（架空）任命権者が復職を決定。",
		SupportPlan: "（架空）時間外勤務なし（3か月）、窓口業務は段階的に。"}, "（架空）1か月後のフォローアップ面談。体調は安定。"},
}

// FillRTW gives the demo city a case manager account and three cases
// assigned to it, and prints the account's login and password to out.
// Without a key (opt.Keys nil) it makes nothing: content cannot be sealed.
func FillRTW(ctx context.Context, d *db.DB, muni int64, opt Options) error {
	if !opt.Keys.Ready() {
		return nil
	}
	now := opt.Now
	st := &rtw.Store{DB: d, Keys: opt.Keys, Now: func() time.Time { return now }}
	numbers, err := db.QueryAll(ctx, d.R, func(r db.Scanner) (string, error) { var n string; return n, r.Scan(&n) },
		`SELECT number FROM staff WHERE municipality_id = $1 AND status = '在職' ORDER BY number LIMIT 4`, muni)
	if err != nil || len(numbers) < 4 {
		return err
	}
	au := &auth.Store{DB: d, Now: func() time.Time { return now }}
	pw := auth.RandomPassword()
	var staffID int64
	if err := d.R.QueryRowContext(ctx, `SELECT id FROM staff WHERE municipality_id = $1 AND number = $2`, muni, numbers[0]).Scan(&staffID); err != nil {
		return err
	}
	cm, err := au.CreateUser(ctx, muni, audit.Actor{Login: "demo"}, auth.NewUser{Login: DemoCaseManager, DisplayName: "復職支援担当（デモ）", Role: auth.CaseManager, StaffID: staffID, Password: pw})
	if err != nil {
		return err
	}
	admin := &auth.User{Municipality: muni, Login: "demo", Role: auth.CenterAdmin}
	for i, c := range demoCases {
		id, err := st.CreateCase(ctx, admin, rtw.NewCase{StaffNumber: numbers[i+1], Managers: []string{DemoCaseManager}, LeaveType: "病気休暇"})
		if err != nil {
			return err
		}
		if err := st.SaveContent(ctx, cm, id, c.content); err != nil {
			return err
		}
		if _, err := st.AddNote(ctx, cm, id, c.note); err != nil {
			return err
		}
		returned := ""
		if c.returned > 0 {
			returned = now.AddDate(0, -c.returned, 0).Format(time.DateOnly)
		}
		if err := st.SetStep(ctx, cm, id, c.step, returned); err != nil {
			return err
		}
	}
	if opt.Out != nil {
		fmt.Fprintf(opt.Out, "デモの復職支援担当: ログイン名 %s  パスワード %s（架空の記録3件を担当）\n", DemoCaseManager, pw)
	}
	return nil
}
