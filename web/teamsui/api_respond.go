package teamsui

import (
	"net/http"

	"hagukumi/apperr"
	"hagukumi/teams"
	"hagukumi/web"
)

// responseBody is the JSON of an answer.
type responseBody struct {
	FY       int    `json:"fy"`
	Status   string `json:"status"`
	Progress int    `json:"progress"`
	Note     string `json:"note"`
	Action   string `json:"action"`
}

// apiRespond records an answer for an item: 201, or 422 for a status or
// progress outside the rules, 409 when the year is already answered.
func (s *ui) apiRespond(w http.ResponseWriter, r *http.Request) error {
	var b responseBody
	if err := web.DecodeJSON(r, &b); err != nil {
		return err
	}
	resp := teams.Response{FY: b.FY, Status: b.Status, Progress: b.Progress, Note: b.Note, Action: b.Action}
	if err := s.respond(r, &resp); err != nil {
		if apperr.CodeOf(err) == apperr.Invalid {
			unprocessable(w, err)
			return nil
		}
		return err
	}
	web.JSON(w, http.StatusCreated, resp)
	return nil
}

// unprocessable answers 422 with the API's error body: the request was
// read but its values break the rules.
func unprocessable(w http.ResponseWriter, err error) {
	var body struct {
		Error struct {
			Code    string            `json:"code"`
			Message string            `json:"message"`
			Fields  map[string]string `json:"fields,omitempty"`
		} `json:"error"`
	}
	body.Error.Code, body.Error.Message, body.Error.Fields = string(apperr.Invalid), web.Message(err), apperr.FieldsOf(err)
	web.JSON(w, http.StatusUnprocessableEntity, body)
}

// respond checks that the viewer may answer for the {id} item and records
// the answer; the page and the API share it.
func (s *ui) respond(r *http.Request, resp *teams.Response) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	u := web.UserOf(r)
	it, presented, err := s.teams.Item(r.Context(), u.Municipality, id)
	if err != nil {
		return err
	}
	if !presented && !teams.CanSeeDrafts(u, nil) {
		return apperr.NotFoundf("提言項目が見つかりません。")
	}
	if !teams.CanAnswer(u, it.Departments) {
		return apperr.New(apperr.Forbidden, "この提言項目は担当部局の連絡員またはセンターが回答します。")
	}
	resp.ItemID = id
	return s.teams.Respond(r.Context(), u.Actor(), u.Municipality, resp)
}
