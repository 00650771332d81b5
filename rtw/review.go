package rtw

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/db"
)

// Access is one audit entry of a case: who did or read what, when.
type Access struct {
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Action string    `json:"action"`
}

// ActionLabels name the audit actions of a case in Japanese.
var ActionLabels = map[string]string{
	"rtw.create": "作成・担当割当", "rtw.read": "閲覧", "rtw.note": "記録の追加", "rtw.content": "記録の保存",
	"rtw.step": "段階の変更", "rtw.consent": "同意の記録", "rtw.consent_withdraw": "同意の撤回", "rtw.disclose": "情報提供",
	"rtw.release": "配慮の開示", "rtw.close": "終了", "rtw.reopen": "再開", "rtw.destroy": "内容の廃棄", "rtw.reseal": "鍵の交換",
	"rtw.review": "閲覧記録の確認",
}

// Label is the action's Japanese name.
func (a Access) Label() string { return ActionLabels[a.Action] }

// Accesses lists who read or changed a case, for its managers; looking
// is itself recorded.
func (s *Store) Accesses(ctx context.Context, u *auth.User, caseID int64) ([]Access, error) {
	var out []Access
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.access(ctx, tx, u, caseID); err != nil {
			return err
		}
		var err error
		out, err = db.QueryAll(ctx, tx, func(r db.Scanner) (Access, error) {
			// The audit log keeps its times as text in its own layout.
			var a Access
			var at string
			if err := r.Scan(&at, &a.Actor, &a.Action); err != nil {
				return a, err
			}
			a.At, _ = time.Parse("2006-01-02T15:04:05.000000Z", at)
			return a, nil
		}, `SELECT at, actor, action FROM audit_log WHERE municipality_id = $1 AND entity = 'rtw_case' AND entity_id = $2 ORDER BY seq DESC LIMIT 500`,
			u.Municipality, strconv.FormatInt(caseID, 10))
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), u.Municipality, u.Actor(), "rtw.review", "rtw_case", strconv.FormatInt(caseID, 10), map[string]string{"what": "audit review"})
	})
	return out, err
}
