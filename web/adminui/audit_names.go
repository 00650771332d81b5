package adminui

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"hagukumi/audit"
	"hagukumi/staff"
	"hagukumi/training"
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

// learn adds the names the entries need that are not known yet: the
// people from the staff directory in memory and the sessions in one list,
// so a page of fifty entries runs a fixed number of statements (issue 12,
// finding 10). A name that cannot be read stays empty, as before.
func (a *auditNames) learn(ctx context.Context, entries []audit.Entry) {
	var numbers []string
	var staffIDs, sessionIDs []int64
	number := func(n string) {
		if _, seen := a.names.Staff[n]; !seen && n != "" {
			a.names.Staff[n] = ""
			numbers = append(numbers, n)
		}
	}
	session := func(id int64) {
		if _, seen := a.names.Sessions[id]; !seen {
			a.names.Sessions[id] = ""
			sessionIDs = append(sessionIDs, id)
		}
	}
	for _, e := range entries {
		var m map[string]any
		_ = json.Unmarshal([]byte(e.Detail), &m)
		if e.Entity == "staff" || e.Entity == "eligibility" {
			number(e.EntityID)
		}
		if n, ok := m["number"].(string); ok {
			number(n)
		}
		if id, ok := m["staff_id"].(float64); ok {
			if _, seen := a.names.StaffIDs[int64(id)]; !seen {
				a.names.StaffIDs[int64(id)] = ""
				staffIDs = append(staffIDs, int64(id))
			}
		}
		for _, k := range []string{"session_id", "from_session_id", "to_session_id"} {
			if id, ok := m[k].(float64); ok {
				session(int64(id))
			}
		}
		if e.Entity == "session" || e.Entity == "attendance" {
			var id int64
			if _, err := fmt.Sscan(e.EntityID, &id); err == nil {
				session(id)
			}
		}
	}
	if byNumber, byID, err := a.s.Staff.Names(ctx, a.muni, numbers, staffIDs); err == nil {
		for _, n := range numbers {
			a.names.Staff[n] = byNumber[staff.NormalizeNumber(n)]
		}
		for id, name := range byID {
			a.names.StaffIDs[id] = name
		}
	}
	if len(sessionIDs) > 0 {
		list, err := a.s.Train.Sessions(ctx, a.muni, training.SessionFilter{IDs: sessionIDs, IncludeCancel: true})
		if err == nil {
			for _, x := range list {
				a.names.Sessions[x.ID] = x.Label()
			}
		}
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
