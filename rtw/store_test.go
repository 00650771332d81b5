package rtw_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/rtw"
	"hagukumi/seal"
	"hagukumi/web/webtest"
)

func setup(t *testing.T, f *webtest.Fixture) (*rtw.Store, *auth.User, int64) {
	t.Helper()
	now := time.Date(2026, 10, 1, 1, 0, 0, 0, time.UTC)
	st := &rtw.Store{DB: f.D, Keys: webtest.TestKeys(), Now: func() time.Time { return now }}
	id, err := st.CreateCase(context.Background(), f.User(t, webtest.LoginOf(auth.CenterAdmin)),
		rtw.NewCase{StaffNumber: "A2001", Managers: []string{webtest.LinkedCaseManager}})
	if err != nil {
		t.Fatal(err)
	}
	return st, f.User(t, webtest.LinkedCaseManager), id
}

func TestCreateCaseRules(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		ctx := context.Background()
		st := &rtw.Store{DB: f.D, Keys: webtest.TestKeys()}
		admin := f.User(t, webtest.LoginOf(auth.CenterAdmin))
		// The linked case manager is A1001: not their own case manager.
		_, err := st.CreateCase(ctx, admin, rtw.NewCase{StaffNumber: "A1001", Managers: []string{webtest.LinkedCaseManager}})
		if apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("manager is the person: %v", err)
		}
		_, err = st.CreateCase(ctx, admin, rtw.NewCase{StaffNumber: "A2001", Managers: []string{webtest.LoginOf(auth.Supervisor)}})
		if apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("manager not a case manager: %v", err)
		}
		_, err = st.CreateCase(ctx, f.User(t, webtest.LoginOf(auth.SysAdmin)), rtw.NewCase{StaffNumber: "A2001", Managers: []string{webtest.LinkedCaseManager}})
		if apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("sysadmin assigns: %v", err)
		}
	})
}

func TestConsentAndRelease(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		ctx := context.Background()
		st, cm, id := setup(t, f)
		if err := st.RecordDisclosure(ctx, cm, id, "doctor", "意見照会"); apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("disclosure without consent: %v", err)
		}
		if err := st.ReleaseAdjustment(ctx, cm, id, "時間外勤務なし", "2027-03-31"); apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("release without consent: %v", err)
		}
		if err := st.RecordConsent(ctx, cm, id, "doctor", true, "主治医への意見照会"); err != nil {
			t.Fatal(err)
		}
		if err := st.RecordDisclosure(ctx, cm, id, "doctor", "意見照会"); err != nil {
			t.Fatalf("disclosure with consent: %v", err)
		}
		if err := st.WithdrawConsent(ctx, cm, id, "doctor"); err != nil {
			t.Fatal(err)
		}
		if err := st.RecordDisclosure(ctx, cm, id, "doctor", "再照会"); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("disclosure after withdrawal: %v", err)
		}
		if err := st.RecordConsent(ctx, cm, id, "supervisor", true, "就業上の配慮"); err != nil {
			t.Fatal(err)
		}
		if err := st.ReleaseAdjustment(ctx, cm, id, "時間外勤務なし", "2027-03-31"); err != nil {
			t.Fatal(err)
		}
		adj, err := st.Adjustments(ctx, f.User(t, webtest.LoginOf(auth.Supervisor)))
		if err != nil || len(adj) != 1 || adj[0].Text != "時間外勤務なし" || adj[0].StaffNumber != "A2001" {
			t.Errorf("supervisor's adjustments: %+v, %v", adj, err)
		}
		if adj, _ := st.Adjustments(ctx, f.User(t, webtest.LoginOf(auth.CenterAdmin))); len(adj) != 0 {
			t.Errorf("center admin sees adjustments: %+v", adj)
		}
	})
}

func TestFollowUpsRemindAndDestroy(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		ctx := context.Background()
		st, cm, id := setup(t, f)
		if _, err := st.AddNote(ctx, cm, id, "面談メモ"); err != nil {
			t.Fatal(err)
		}
		if err := st.SetStep(ctx, cm, id, 5, "2026-09-01"); err != nil {
			t.Fatal(err)
		}
		if n := f.Count(t, `SELECT COUNT(*) FROM rtw_followups WHERE case_id = $1`, id); n != 4 {
			t.Errorf("follow-ups: %d, want 4", n)
		}
		// Now is 2026-10-01: the 1-month follow-up (2026-10-01) is due.
		n, err := st.Remind(ctx, f.A.ID)
		if err != nil || n != 1 {
			t.Errorf("Remind = %d, %v; want 1", n, err)
		}
		if n, _ := st.Remind(ctx, f.A.ID); n != 0 {
			t.Errorf("second Remind = %d, want 0", n)
		}
		if err := st.Close(ctx, cm, id, false); err != nil {
			t.Fatal(err)
		}
		if n, _ := st.Destroy(ctx, f.A.ID, rtw.DefaultRetentionYears); n != 0 {
			t.Errorf("destroyed a case closed today: %d", n)
		}
		st.Now = func() time.Time { return time.Date(2031, 10, 2, 0, 0, 0, 0, time.UTC) }
		if n, err := st.Destroy(ctx, f.A.ID, rtw.DefaultRetentionYears); err != nil || n != 1 {
			t.Fatalf("Destroy after 5 years = %d, %v", n, err)
		}
		c, err := st.Case(ctx, cm, id)
		if err != nil || !c.Destroyed || len(c.Notes) != 0 {
			t.Errorf("destroyed case: %+v, %v", c, err)
		}
		if n := f.Count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'rtw.destroy'`); n != 1 {
			t.Errorf("destruction audited %d times", n)
		}
		if _, err := audit.Verify(ctx, f.D.R); err != nil {
			t.Error(err)
		}
	})
}

func TestReseal(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		ctx := context.Background()
		st, cm, id := setup(t, f)
		st.AddNote(ctx, cm, id, "鍵の交換前のメモ")
		k2, _ := seal.NewRing("k2", map[string][]byte{"k1": []byte("hagukumi-test-key-32-bytes-long!"), "k2": seal.NewKey()})
		n, err := rtw.Reseal(ctx, f.D, k2)
		if err != nil || n != 1 {
			t.Fatalf("Reseal = %d, %v", n, err)
		}
		var body string
		f.D.R.QueryRow(`SELECT body FROM rtw_notes WHERE case_id = $1`, id).Scan(&body)
		if !strings.HasPrefix(body, "k2:") {
			t.Errorf("note after rotation: %.10s…", body)
		}
		st.Keys = k2
		c, err := st.Case(ctx, cm, id)
		if err != nil || c.Notes[0].Text != "鍵の交換前のメモ" {
			t.Errorf("after rotation: %+v, %v", c, err)
		}
	})
}
