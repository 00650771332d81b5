package publicui

import (
	"net/http"
	"strconv"

	"hagukumi/auth"
	"hagukumi/web"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// centerUsers are the accounts a submission may be assigned to.
func (s *ui) centerUsers(r *http.Request) ([]*auth.User, error) {
	all, err := s.Auth.ListUsers(r.Context(), web.UserOf(r).Municipality)
	if err != nil {
		return nil, err
	}
	var out []*auth.User
	for _, u := range all {
		if !u.Disabled && web.RoleIn(u.Role, auth.Center) {
			out = append(out, u)
		}
	}
	return out, nil
}

// act runs one action of the inbox on the submission of the path and
// goes back to it with a message.
func (s *ui) act(w http.ResponseWriter, r *http.Request, done string, fn func(u *auth.User, id int64) error) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	if err := fn(web.UserOf(r), id); err != nil {
		return err
	}
	s.RedirectFlash(w, r, "/public-inbox/"+itoa(id), done)
	return nil
}

// assign gives the submission to a center user.
func (s *ui) assign(w http.ResponseWriter, r *http.Request) error {
	return s.act(w, r, "担当者を変更しました。", func(u *auth.User, id int64) error {
		return s.pub.Assign(r.Context(), u.Actor(), u.Municipality, id, web.Int64(r, "user_id"))
	})
}

// setState moves the submission to a state.
func (s *ui) setState(w http.ResponseWriter, r *http.Request) error {
	return s.act(w, r, "状態を変更しました。", func(u *auth.User, id int64) error {
		return s.pub.SetState(r.Context(), u.Actor(), u.Municipality, id, r.PostFormValue("state"))
	})
}

// release moves the submission from the moderation queue to the inbox.
func (s *ui) release(w http.ResponseWriter, r *http.Request) error {
	return s.act(w, r, "受付一覧に移しました。", func(u *auth.User, id int64) error {
		return s.pub.Release(r.Context(), u.Actor(), u.Municipality, id)
	})
}

// addNote keeps a note of the center on the submission.
func (s *ui) addNote(w http.ResponseWriter, r *http.Request) error {
	return s.act(w, r, "メモを追加しました。", func(u *auth.User, id int64) error {
		return s.pub.AddNote(r.Context(), u.Actor(), u.Municipality, id, r.PostFormValue("body"))
	})
}

// reply queues the center's answer as a mail to the sender.
func (s *ui) reply(w http.ResponseWriter, r *http.Request) error {
	return s.act(w, r, "返信メールを送信待ちにしました。", func(u *auth.User, id int64) error {
		center := u.CenterName
		if center == "" {
			center = "人財育成センター"
		}
		subject := "【" + center + "】お問い合わせへの回答"
		return s.pub.Reply(r.Context(), u.Actor(), u.Municipality, id, subject, r.PostFormValue("body"))
	})
}
