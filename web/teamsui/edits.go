package teamsui

import (
	"fmt"
	"net/http"

	"hagukumi/teams"
	"hagukumi/web"
)

// cohortEdit runs one edit of the {id} cohort and answers like the other
// cohort forms: a refused or invalid edit shows the cohort page again with
// its message (422/409) and nothing changed; a done one redirects.
func (s *ui) cohortEdit(w http.ResponseWriter, r *http.Request, anchor, done string, edit func(c *teams.Cohort) error) error {
	c, _, err := s.cohortOf(r)
	if err != nil {
		return err
	}
	if err := edit(c); web.IsValidation(err) {
		return s.renderCohort(w, r, web.Status(err), err)
	} else if err != nil {
		return err
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/cohorts/%d#%s", c.ID, anchor), done)
	return nil
}

// memberRole changes a member's role in the cohort.
func (s *ui) memberRole(w http.ResponseWriter, r *http.Request) error {
	staffID, err := web.ID(r, "staff")
	if err != nil {
		return err
	}
	u := web.UserOf(r)
	return s.cohortEdit(w, r, "members", "役割を変えました。", func(c *teams.Cohort) error {
		return s.teams.SetMemberRole(r.Context(), u.Actor(), u.Municipality, c.ID, staffID, r.PostFormValue("role"))
	})
}

// memberRemove takes a member out of a cohort not yet presented.
func (s *ui) memberRemove(w http.ResponseWriter, r *http.Request) error {
	staffID, err := web.ID(r, "staff")
	if err != nil {
		return err
	}
	u := web.UserOf(r)
	return s.cohortEdit(w, r, "members", "メンバーから外しました。", func(c *teams.Cohort) error {
		return s.teams.RemoveMember(r.Context(), u.Actor(), u.Municipality, c.ID, staffID)
	})
}

// proposalEdit changes the 提言書's title and presented date.
func (s *ui) proposalEdit(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	return s.cohortEdit(w, r, "proposal", "提言書を変更しました。", func(c *teams.Cohort) error {
		return s.teams.UpdateProposal(r.Context(), u.Actor(), u.Municipality, c.ID, r.PostFormValue("title"), r.PostFormValue("presented_on"))
	})
}

// itemFromForm reads an item's fields: departments separated by 「、」.
func itemFromForm(r *http.Request) teams.Item {
	it := parseItems("x|" + r.PostFormValue("departments"))[0]
	it.Text, it.Measure, it.Cost = r.PostFormValue("text"), r.PostFormValue("measure"), r.PostFormValue("cost")
	return it
}

// itemAdd adds an item at the end of the proposal.
func (s *ui) itemAdd(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	return s.cohortEdit(w, r, "proposal", "提言項目を追加しました。", func(c *teams.Cohort) error {
		it := itemFromForm(r)
		return s.teams.AddItem(r.Context(), u.Actor(), u.Municipality, c.ID, &it)
	})
}

// itemEdit changes an item's text, departments, measure and cost.
func (s *ui) itemEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	u := web.UserOf(r)
	it := itemFromForm(r)
	it.ID = id
	if err := s.teams.UpdateItem(r.Context(), u.Actor(), u.Municipality, &it); web.IsValidation(err) {
		return s.renderItem(w, r, web.Status(err), err, teams.Response{FY: s.thisFY(), Status: teams.Considering})
	} else if err != nil {
		return err
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/proposal-items/%d", id), "提言項目を変更しました。")
	return nil
}

// itemRemove deletes an item nobody has answered.
func (s *ui) itemRemove(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	u := web.UserOf(r)
	cohortID, err := s.teams.RemoveItem(r.Context(), u.Actor(), u.Municipality, id)
	if web.IsValidation(err) {
		return s.renderItem(w, r, web.Status(err), err, teams.Response{FY: s.thisFY(), Status: teams.Considering})
	} else if err != nil {
		return err
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/cohorts/%d#proposal", cohortID), "提言項目を削除しました。")
	return nil
}

// publish publishes or withdraws the cohort's presented proposal on the
// public site.
func (s *ui) publish(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	on := r.PostFormValue("on") == "true"
	msg := "公開サイトへの掲載をやめました。"
	if on {
		msg = "公開サイトに掲載しました。"
	}
	return s.cohortEdit(w, r, "proposal", msg, func(c *teams.Cohort) error {
		return s.pub.Publish(r.Context(), u.Actor(), u.Municipality, "proposal", c.ID, on)
	})
}
