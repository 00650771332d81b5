package ojtui

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"hagukumi/apperr"
	"hagukumi/ojt"
	"hagukumi/web"
)

// trainerChoice names the trainer of {id}; it answers the warnings, and
// ojt.ErrNeedsReason when they need a reason that was not given.
func (s *ui) trainerChoice(r *http.Request, number, reason string) (*ojt.Detail, []ojt.Warning, error) {
	u := web.UserOf(r)
	d, err := s.visiblePlan(r)
	if err != nil {
		return nil, nil, err
	}
	if !mayName(u, &d.Plan) {
		return nil, nil, apperr.NotFoundf("OJT計画が見つかりません。")
	}
	if !web.CleanText(number, false) || !web.CleanText(reason, true) {
		return nil, nil, apperr.Invalidf(apperr.MsgBadText)
	}
	ws, err := s.OJT.NameTrainer(r.Context(), u.Actor(), u.Municipality, d.ID, strings.TrimSpace(number), strings.TrimSpace(reason))
	return d, ws, err
}

// nameTrainer is the plan page's form: a warned choice without a reason
// shows the page again with the warnings and a reason field.
func (s *ui) nameTrainer(w http.ResponseWriter, r *http.Request) error {
	number, reason := r.PostFormValue("number"), r.PostFormValue("override_reason")
	d, ws, err := s.trainerChoice(r, number, reason)
	if errors.Is(err, ojt.ErrNeedsReason) {
		v, err2 := s.planView(r, d)
		if err2 != nil {
			return err2
		}
		v.Warnings, v.Number, v.Reason = ws, number, reason
		s.Render(w, r, http.StatusUnprocessableEntity, "ojt_plan", &web.Page{Title: d.TraineeName + " のOJT計画", Nav: "ojt", FY: d.FY,
			Error: "トレーナーの条件を満たしていません。理由を入力すると指名できます。", Data: v})
		return nil
	}
	if err != nil {
		return err
	}
	msg := "トレーナーを指名しました。"
	if len(ws) > 0 {
		msg = "トレーナーを指名しました（理由を付けて条件の確認を省きました）。"
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/ojt/plans/%d", d.ID), msg)
	return nil
}

// trainerBody is the API's request.
type trainerBody struct {
	Number         staffNumber `json:"number"`
	OverrideReason string      `json:"override_reason"`
}

// apiNameTrainer names a trainer by JSON; 422 with the warnings when they
// need a reason.
func (s *ui) apiNameTrainer(w http.ResponseWriter, r *http.Request) error {
	var b trainerBody
	if err := web.DecodeJSON(r, &b); err != nil {
		return err
	}
	_, ws, err := s.trainerChoice(r, string(b.Number), b.OverrideReason)
	if errors.Is(err, ojt.ErrNeedsReason) {
		web.JSON(w, http.StatusUnprocessableEntity, map[string]any{"error": web.Message(err), "warnings": ws})
		return nil
	}
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, map[string]any{"warnings": ws})
	return nil
}

// staffNumber is a 職員番号 given as a JSON string ("A2001") or, in cities
// with numeric numbers, as a JSON number (1001).
type staffNumber string

func (n *staffNumber) UnmarshalJSON(b []byte) error {
	if bytes.HasPrefix(b, []byte(`"`)) {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*n = staffNumber(s)
		return nil
	}
	var num json.Number
	if err := json.Unmarshal(b, &num); err != nil {
		return err
	}
	*n = staffNumber(num.String())
	return nil
}
