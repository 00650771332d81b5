package training

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/staff"
)

// Recommend (推薦) is a department liaison putting their own staff on a
// session of a recommendation-mode program, within the department's quota
// for the fiscal year. When the programme says 推薦 → センター選考
// (Selection) the people recommended wait as 推薦済 for the center's
// selection; otherwise the recommendation decides the place. A number
// outside the liaison's department, or going over the quota, refuses the
// whole request and says which numbers. sc is the liaison's department;
// unitID the unit the quota is set for.
func (s *Store) Recommend(ctx context.Context, by audit.Actor, muni int64, sc staff.Scope, unitID, sessionID int64, numbers []string) (*EnrolResult, error) {
	if sc.UnitPath == "" || unitID == 0 {
		return nil, apperr.Forbid()
	}
	numbers = cleanNumbers(numbers)
	if len(numbers) == 0 {
		return nil, apperr.Invalidf("推薦する職員の職員番号を入力してください。")
	}
	var res *EnrolResult
	err := s.write(ctx, muni, func(w *writeTx) error {
		// On SQLite the statements stay prepared on the writer (db.Writes).
		tx := s.DB.Writes(w.Tx)
		res = newResult()
		now := s.now()
		l, err := lockOpenSession(ctx, tx, muni, sessionID, now, ModeRecommendation)
		if err != nil {
			return err
		}
		x := l.x
		// The quota row is locked too, so two sessions of the program
		// filled at once by the same department cannot both pass.
		var quota int
		err = tx.QueryRowContext(ctx, `UPDATE program_quotas SET quota = quota WHERE municipality_id = $1 AND program_id = $2 AND fy = $3 AND unit_id = $4 RETURNING quota`,
			muni, x.ProgramID, x.FY, unitID).Scan(&quota)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.Invalidf("「%s」の%sの推薦枠が設定されていません。人財育成センターにお問い合わせください。", x.ProgramName, calendar.FormatNendo(x.FY))
		} else if err != nil {
			return err
		}
		used, err := quotaUsed(ctx, tx, muni, x.ProgramID, x.FY, sc.UnitPath)
		if err != nil {
			return err
		}
		list, err := readCandidates(ctx, tx, muni, x, sc, false, numberKeys(numbers))
		if err != nil {
			return err
		}
		found := byNumber(list)
		if missing := RecommendOutOfScope(numbers, found); len(missing) > 0 {
			return apperr.Invalidf("次の職員番号は%sの職員に見つからないため推薦できません：%s。", strings.ReplaceAll(sc.UnitPath, "/", " "), strings.Join(missing, "、"))
		}
		var takes []string
		for _, n := range numbers {
			if !DecideEnrolment(found[n].facts(), l.seats, "").Refused() {
				takes = append(takes, n)
			}
		}
		if over := OverQuota(takes, quota, used); len(over) > 0 {
			return apperr.Invalidf("推薦枠（%d人）を超えるため推薦できません。今回推薦できるのは%d人までです。枠を超える職員番号：%s。",
				quota, max(quota-used, 0), strings.Join(over, "、"))
		}
		want := ""
		if l.selection {
			want = EnrolRecommended
		}
		log := &auditLater{at: now, by: by}
		for _, n := range numbers {
			if err := s.enrolNamed(ctx, tx, log, now, muni, by, l, n, found[n], SourceRecommendation, "recommend", want, res); err != nil {
				return err
			}
		}
		return log.write(ctx, tx, muni)
	})
	return res, err
}
