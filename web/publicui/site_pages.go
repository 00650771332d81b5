package publicui

import "net/http"

// home is the center's public page: what it does, coming events, and
// links to the programmes, topics, figures and the contact form.
func (s *ui) home(w http.ResponseWriter, r *http.Request) error {
	return s.page("public_home", "センターのご案内")(w, r)
}

// programmes lists the training programmes the center publishes.
func (s *ui) programmes(w http.ResponseWriter, r *http.Request) error {
	return s.page("public_programmes", "研修のご紹介")(w, r)
}

// topics lists the lecture topics staff offer and the center publishes.
func (s *ui) topics(w http.ResponseWriter, r *http.Request) error {
	return s.page("public_topics", "講師派遣のテーマ")(w, r)
}

// results shows the published figures of recent fiscal years.
func (s *ui) results(w http.ResponseWriter, r *http.Request) error {
	return s.page("public_results", "最近の取組の実績")(w, r)
}

// privacy is the notice on personal data, written from the forms' fields
// and retention periods.
func (s *ui) privacy(w http.ResponseWriter, r *http.Request) error {
	return s.page("public_privacy", "個人情報の取扱い")(w, r)
}
