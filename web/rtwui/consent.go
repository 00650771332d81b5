package rtwui

import (
	"net/http"

	"hagukumi/web"
)

// consent records a consent or refusal, or withdraws consents (action=withdraw).
func (s *ui) consent(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	u, party := web.UserOf(r), r.PostFormValue("party")
	if r.PostFormValue("action") == "withdraw" {
		err = s.rtw.WithdrawConsent(r.Context(), u, id, party)
	} else {
		err = s.rtw.RecordConsent(r.Context(), u, id, party, r.PostFormValue("given") == "1", r.PostFormValue("what"))
	}
	if err != nil {
		return err
	}
	return s.back(w, r, id, "同意の記録を更新しました。")
}
