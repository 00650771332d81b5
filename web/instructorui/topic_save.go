package instructorui

import (
	"net/http"

	"hagukumi/training"
	"hagukumi/web"
)

// saveTopic adds one of the user's topics, deletes one, or publishes or
// hides one (?action=).
func (s *ui) saveTopic(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	staffID, err := linkedStaff(u)
	if err != nil {
		return err
	}
	ctx := r.Context()
	id := web.Int64(r, "id")
	msg := ""
	switch action := r.PostFormValue("action"); action {
	case "delete":
		err, msg = s.Train.DeleteTopic(ctx, u.Actor(), u.Municipality, staffID, id), "テーマを削除しました。"
	case "public", "private":
		err, msg = s.Train.SetTopicPublic(ctx, u.Actor(), u.Municipality, staffID, id, action == "public"), "公開の設定を変更しました。"
	default:
		t := training.Topic{Topic: r.PostFormValue("topic"), Description: r.PostFormValue("description"), Public: r.PostFormValue("public") != ""}
		if err = s.Train.AddTopic(ctx, u.Actor(), u.Municipality, staffID, &t); web.IsValidation(err) {
			return s.renderTopics(w, r, web.Status(err), web.Message(err), t)
		}
		msg = "テーマを登録しました。"
	}
	if err != nil {
		return err
	}
	s.RedirectFlash(w, r, "/my/topics", msg)
	return nil
}
