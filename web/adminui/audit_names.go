package adminui

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"hagukumi/audit"
	"hagukumi/staff"
)

// auditNames looks up, once per page or export, the names the audit
// sentences print: accounts by login, programs by code, and the staff and
// sessions an entry's detail names by number or id. A name that cannot be
// found is left out; the sentence then shows the stored key.
type auditNames struct {
	s     *ui
	muni  int64
	names audit.Names
}

func (s *ui) newAuditNames(ctx context.Context, muni int64) (*auditNames, error) {
	a := &auditNames{s: s, muni: muni, names: audit.Names{Users: map[string]string{}, Staff: map[string]string{},
		StaffIDs: map[int64]string{}, Sessions: map[int64]string{}, Programs: map[string]string{}}}
	users, err := s.Auth.ListUsers(ctx, muni)
	if err != nil {
		return nil, err
	}
	for _, u := range users {
		a.names.Users[u.Login] = u.DisplayName
	}
	programs, err := s.Train.Programs(ctx, muni)
	if err != nil {
		return nil, err
	}
	for _, p := range programs {
		a.names.Programs[p.Code] = p.Name
	}
	return a, nil
}

// learn adds the names the entries need that are not known yet.
func (a *auditNames) learn(ctx context.Context, entries []audit.Entry) {
	for _, e := range entries {
		var m map[string]any
		_ = json.Unmarshal([]byte(e.Detail), &m)
		if e.Entity == "staff" || e.Entity == "eligibility" {
			a.staffNumber(ctx, e.EntityID)
		}
		if n, ok := m["number"].(string); ok {
			a.staffNumber(ctx, n)
		}
		if id, ok := m["staff_id"].(float64); ok {
			if _, seen := a.names.StaffIDs[int64(id)]; !seen {
				a.names.StaffIDs[int64(id)] = ""
				if mem, err := a.s.Staff.ByID(ctx, a.muni, int64(id)); err == nil {
					a.names.StaffIDs[int64(id)] = mem.Name()
				}
			}
		}
		for _, k := range []string{"session_id", "from_session_id", "to_session_id"} {
			if id, ok := m[k].(float64); ok {
				a.session(ctx, int64(id))
			}
		}
		if e.Entity == "session" || e.Entity == "attendance" {
			var id int64
			if _, err := fmt.Sscan(e.EntityID, &id); err == nil {
				a.session(ctx, id)
			}
		}
	}
}

func (a *auditNames) staffNumber(ctx context.Context, number string) {
	if _, seen := a.names.Staff[number]; seen || number == "" {
		return
	}
	a.names.Staff[number] = ""
	if mem, err := a.s.Staff.ByNumber(ctx, a.muni, staff.Scope{}, number); err == nil {
		a.names.Staff[number] = mem.Name()
	}
}

func (a *auditNames) session(ctx context.Context, id int64) {
	if _, seen := a.names.Sessions[id]; seen {
		return
	}
	a.names.Sessions[id] = ""
	if x, err := a.s.Train.SessionByID(ctx, a.muni, id); err == nil {
		a.names.Sessions[id] = x.Label()
	}
}

// searchKeys are the 職員番号 and logins of the people whose names contain
// text, so that a search for 「横山」 finds the entries about him.
func (a *auditNames) searchKeys(ctx context.Context, text string) []string {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil
	}
	var keys []string
	for login, name := range a.names.Users {
		if strings.Contains(strings.ReplaceAll(name, " ", ""), strings.ReplaceAll(text, " ", "")) {
			keys = append(keys, login)
		}
	}
	members, _, err := a.s.Staff.List(ctx, a.muni, staff.Scope{}, staff.Filter{Q: text, Limit: 50})
	if err == nil {
		for _, m := range members {
			keys = append(keys, m.Number)
		}
	}
	return keys
}
