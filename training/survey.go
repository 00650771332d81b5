package training

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/db"
)

// Question kinds of a post-session questionnaire.
const (
	QuestionScale  = "scale"  // 1 (低い) to 5 (高い)
	QuestionChoice = "choice" // one of the options
	QuestionText   = "text"   // free text
)

// QuestionKinds lists the kinds with their Japanese names, in display order.
var QuestionKinds = []struct{ Kind, Label string }{
	{QuestionScale, "5段階評価"}, {QuestionChoice, "選択肢"}, {QuestionText, "自由記述"},
}

// Question is one question of a survey.
type Question struct {
	ID       int64    `json:"id"`
	Ord      int      `json:"ord"`
	Kind     string   `json:"kind"`
	Text     string   `json:"text"`
	Choices  []string `json:"choices,omitempty"`
	Required bool     `json:"required"`
}

// Survey is a program's questionnaire. When it is changed after answers
// were given, a new version is stored so old answers keep their questions.
type Survey struct {
	ID        int64      `json:"id"`
	ProgramID int64      `json:"-"`
	Title     string     `json:"title"`
	Questions []Question `json:"questions"`
	Responses int        `json:"responses"`
}

// ValidateQuestions checks and normalises a questionnaire: blank questions dropped,
// ordered by Ord, choices one per non-blank line.
func ValidateQuestions(qs []Question) ([]Question, error) {
	var out []Question
	for _, q := range qs {
		q.Text = strings.TrimSpace(q.Text)
		if q.Text == "" {
			continue
		}
		if utf8.RuneCountInString(q.Text) > 500 {
			return nil, apperr.Invalidf("設問は500文字以内で入力してください。")
		}
		var choices []string
		seen := map[string]bool{}
		for _, c := range q.Choices {
			for _, line := range strings.Split(strings.ReplaceAll(c, "\r\n", "\n"), "\n") {
				if line = strings.TrimSpace(line); line != "" && !seen[line] {
					seen[line] = true
					choices = append(choices, line)
				}
			}
		}
		switch q.Kind {
		case QuestionScale, QuestionText:
			choices = nil
		case QuestionChoice:
			if len(choices) < 2 {
				return nil, apperr.Invalidf("設問「%s」の選択肢を2つ以上、1行に1つずつ入力してください。", q.Text)
			}
		default:
			return nil, apperr.Invalidf("設問「%s」の種類を選んでください。", q.Text)
		}
		q.Choices = choices
		out = append(out, q)
	}
	if len(out) == 0 {
		return nil, apperr.Invalidf("設問を1つ以上入力してください。")
	}
	if len(out) > 50 {
		return nil, apperr.Invalidf("設問は50問までです。")
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Ord < out[j].Ord })
	for i := range out {
		out[i].Ord = i + 1
	}
	return out, nil
}

// ValidateAnswers checks answers (question id → value) against the
// questions and returns those to store.
func ValidateAnswers(qs []Question, answers map[int64]string) (map[int64]string, error) {
	out := map[int64]string{}
	for _, q := range qs {
		v := strings.TrimSpace(answers[q.ID])
		if v == "" {
			if q.Required {
				return nil, apperr.Invalidf("「%s」に回答してください。", q.Text)
			}
			continue
		}
		switch q.Kind {
		case QuestionScale:
			if n, err := strconv.Atoi(v); err != nil || n < 1 || n > 5 {
				return nil, apperr.Invalidf("「%s」は1から5で回答してください。", q.Text)
			}
		case QuestionChoice:
			if !anyOf(q.Choices, v) {
				return nil, apperr.Invalidf("「%s」は選択肢から選んでください。", q.Text)
			}
		case QuestionText:
			if utf8.RuneCountInString(v) > 2000 {
				return nil, apperr.Invalidf("「%s」は2000文字以内で入力してください。", q.Text)
			}
		}
		out[q.ID] = v
	}
	return out, nil
}

// SurveyOf loads a program's current questionnaire, NotFound when none.
func (s *Store) SurveyOf(ctx context.Context, muni, programID int64) (*Survey, error) {
	return surveyOf(ctx, s.DB.R, muni, programID)
}

func surveyOf(ctx context.Context, q db.Q, muni, programID int64) (*Survey, error) {
	var x Survey
	err := q.QueryRowContext(ctx, `SELECT id, program_id, title, (SELECT COUNT(*) FROM survey_responses r WHERE r.survey_id = surveys.id)
		FROM surveys WHERE municipality_id = $1 AND program_id = $2 ORDER BY id DESC LIMIT 1`, muni, programID).Scan(&x.ID, &x.ProgramID, &x.Title, &x.Responses)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("この研修のアンケートはまだ作成されていません。")
	} else if err != nil {
		return nil, err
	}
	x.Questions, err = questionsOf(ctx, q, x.ID)
	return &x, err
}

func questionsOf(ctx context.Context, q db.Q, surveyID int64) ([]Question, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, ord, kind, text, choices, required FROM survey_questions WHERE survey_id = $1 ORDER BY ord, id`, surveyID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Question
	for rows.Next() {
		var x Question
		var choices string
		if err := rows.Scan(&x.ID, &x.Ord, &x.Kind, &x.Text, &choices, &x.Required); err != nil {
			return nil, err
		}
		if choices != "" {
			x.Choices = strings.Split(choices, "\n")
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// SaveSurvey stores a program's questionnaire. It is replaced in place while
// nobody has answered it, and saved as a new version afterwards (newVersion).
func (s *Store) SaveSurvey(ctx context.Context, by audit.Actor, muni, programID int64, title string, qs []Question) (newVersion bool, err error) {
	title = strings.TrimSpace(title)
	if title == "" {
		title = "受講後アンケート"
	}
	if utf8.RuneCountInString(title) > 200 {
		return false, apperr.Invalidf("アンケートの題名は200文字以内で入力してください。")
	}
	if qs, err = ValidateQuestions(qs); err != nil {
		return false, err
	}
	if _, err := s.ProgramByID(ctx, muni, programID); err != nil {
		return false, err
	}
	err = s.write(ctx, muni, func(w *writeTx) error {
		tx := w.Tx
		now := s.now()
		cur, err := surveyOf(ctx, tx, muni, programID)
		if err != nil && apperr.CodeOf(err) != apperr.NotFound {
			return err
		}
		var id int64
		if cur != nil && cur.Responses == 0 {
			id = cur.ID
			if _, err := tx.ExecContext(ctx, `UPDATE surveys SET title = $1 WHERE id = $2`, title, id); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM survey_questions WHERE survey_id = $1`, id); err != nil {
				return err
			}
		} else {
			newVersion = cur != nil
			if id, err = db.Insert(ctx, tx, `INSERT INTO surveys (municipality_id, program_id, title, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
				muni, programID, title, now); err != nil {
				return err
			}
		}
		for _, q := range qs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO survey_questions (municipality_id, survey_id, ord, kind, text, choices, required) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
				muni, id, q.Ord, q.Kind, q.Text, strings.Join(q.Choices, "\n"), q.Required); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, now, muni, by, "save", "survey", fmt.Sprint(id), map[string]any{"program_id": programID, "title": title, "questions": qs, "new_version": newVersion})
	})
	return newVersion, err
}

// Answered tells whether a staff member has answered for a session.
func (s *Store) Answered(ctx context.Context, muni, sessionID, staffID int64) (bool, error) {
	var n int
	err := s.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM survey_responses WHERE municipality_id = $1 AND session_id = $2 AND staff_id = $3`, muni, sessionID, staffID).Scan(&n)
	return n > 0, err
}

// ErrAnswered is the refusal of a second answer.
var ErrAnswered = apperr.New(apperr.Conflict, "このアンケートには既に回答済みです。回答は1回だけです。")

// AnswerSurvey stores a staff member's answers to the program's current
// questionnaire for a session, once; completion follows in the same
// transaction.
func (s *Store) AnswerSurvey(ctx context.Context, by audit.Actor, muni, sessionID, staffID int64, answers map[int64]string) error {
	x, err := s.SessionByID(ctx, muni, sessionID)
	if err != nil {
		return err
	}
	sv, err := s.SurveyOf(ctx, muni, x.ProgramID)
	if err != nil {
		return err
	}
	clean, err := ValidateAnswers(sv.Questions, answers)
	if err != nil {
		return err
	}
	err = s.write(ctx, muni, func(w *writeTx) error {
		tx := w.Tx
		now := s.now()
		if err := audit.Record(ctx, tx, now, muni, by, "answer", "survey", fmt.Sprint(sv.ID), map[string]any{"session_id": sessionID, "staff_id": staffID}); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM survey_responses WHERE session_id = $1 AND staff_id = $2`, sessionID, staffID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return ErrAnswered
		}
		rid, err := db.Insert(ctx, tx, `INSERT INTO survey_responses (municipality_id, survey_id, session_id, staff_id, submitted_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			muni, sv.ID, sessionID, staffID, now)
		if err != nil {
			return err
		}
		for _, q := range sv.Questions {
			v, ok := clean[q.ID]
			if !ok {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO survey_answers (municipality_id, response_id, question_id, value) VALUES ($1, $2, $3, $4)`, muni, rid, q.ID, v); err != nil {
				return err
			}
		}
		return s.recompute(ctx, w, sessionID, []int64{staffID})
	})
	if err != nil && apperr.CodeOf(err) == apperr.Internal {
		// Two submissions at once: the unique index refuses the second.
		if done, e := s.Answered(ctx, muni, sessionID, staffID); e == nil && done {
			return ErrAnswered
		}
	}
	return err
}

// ChoiceCount is how many chose one option.
type ChoiceCount struct {
	Choice string `json:"choice"`
	Count  int    `json:"count"`
}

// QuestionResult sums the answers to one question.
type QuestionResult struct {
	Question
	Answers int           `json:"answers"`
	Mean    float64       `json:"mean,omitempty"`         // scale
	Dist    []int         `json:"distribution,omitempty"` // scale: counts of 1…5
	Counts  []ChoiceCount `json:"counts,omitempty"`       // choice
	Texts   []string      `json:"texts,omitempty"`        // free text
}

// SurveyResult is one questionnaire version's results.
type SurveyResult struct {
	SurveyID  int64            `json:"survey_id"`
	Title     string           `json:"title"`
	Responses int              `json:"responses"`
	Questions []QuestionResult `json:"questions"`
}

// SessionSummary is one session's response count and mean of all scale answers.
type SessionSummary struct {
	SessionID int64   `json:"session_id"`
	Label     string  `json:"label"`
	First     string  `json:"first"`
	Responses int     `json:"responses"`
	Mean      float64 `json:"mean"`
}

// Summarize computes the result of one question from its raw answers.
func Summarize(q Question, values []string) QuestionResult {
	r := QuestionResult{Question: q, Answers: len(values)}
	switch q.Kind {
	case QuestionScale:
		r.Dist = make([]int, 5)
		sum := 0
		n := 0
		for _, v := range values {
			if k, err := strconv.Atoi(v); err == nil && k >= 1 && k <= 5 {
				r.Dist[k-1]++
				sum += k
				n++
			}
		}
		if n > 0 {
			r.Mean = float64(sum) / float64(n)
		}
	case QuestionChoice:
		counts := map[string]int{}
		for _, v := range values {
			counts[v]++
		}
		for _, c := range q.Choices {
			r.Counts = append(r.Counts, ChoiceCount{c, counts[c]})
			delete(counts, c)
		}
		var rest []string
		for c := range counts {
			rest = append(rest, c)
		}
		sort.Strings(rest)
		for _, c := range rest {
			r.Counts = append(r.Counts, ChoiceCount{c, counts[c]})
		}
	case QuestionText:
		r.Texts = append([]string{}, values...)
	}
	return r
}

// SurveyResults sums a program's answers in a fiscal year, or in one session
// when sessionID is set, per questionnaire version, with a line per session.
func (s *Store) SurveyResults(ctx context.Context, muni, programID int64, fy int, sessionID int64) ([]SurveyResult, []SessionSummary, error) {
	args := []any{muni, programID, fy}
	w := ""
	if sessionID != 0 {
		args = append(args, sessionID)
		w = " AND t.id = $4"
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT r.survey_id, r.session_id, q.id, q.kind, a.value FROM survey_responses r
		JOIN sessions_training t ON t.id = r.session_id
		JOIN survey_answers a ON a.response_id = r.id JOIN survey_questions q ON q.id = a.question_id
		WHERE r.municipality_id = $1 AND t.program_id = $2 AND t.fy = $3`+w+` ORDER BY r.id, q.ord`, args...)
	if err != nil {
		return nil, nil, err
	}
	values := map[int64][]string{}
	type acc struct{ sum, n int }
	bySession := map[int64]*acc{}
	for rows.Next() {
		var sid, sessID, qid int64
		var kind, v string
		if err := rows.Scan(&sid, &sessID, &qid, &kind, &v); err != nil {
			rows.Close()
			return nil, nil, err
		}
		values[qid] = append(values[qid], v)
		if kind == QuestionScale {
			if k, err := strconv.Atoi(v); err == nil {
				a := bySession[sessID]
				if a == nil {
					a = &acc{}
					bySession[sessID] = a
				}
				a.sum += k
				a.n++
			}
		}
	}
	rows.Close()
	// Responses per survey version and per session.
	rows, err = s.DB.R.QueryContext(ctx, `SELECT r.survey_id, sv.title, r.session_id, COUNT(*) FROM survey_responses r
		JOIN sessions_training t ON t.id = r.session_id JOIN surveys sv ON sv.id = r.survey_id
		WHERE r.municipality_id = $1 AND t.program_id = $2 AND t.fy = $3`+w+` GROUP BY r.survey_id, sv.title, r.session_id ORDER BY r.survey_id`, args...)
	if err != nil {
		return nil, nil, err
	}
	var results []SurveyResult
	bySurvey := map[int64]int{}
	respBySession := map[int64]int{}
	for rows.Next() {
		var sid, sessID int64
		var title string
		var n int
		if err := rows.Scan(&sid, &title, &sessID, &n); err != nil {
			rows.Close()
			return nil, nil, err
		}
		i, ok := bySurvey[sid]
		if !ok {
			i = len(results)
			bySurvey[sid] = i
			results = append(results, SurveyResult{SurveyID: sid, Title: title})
		}
		results[i].Responses += n
		respBySession[sessID] += n
	}
	rows.Close()
	for i := range results {
		qs, err := questionsOf(ctx, s.DB.R, results[i].SurveyID)
		if err != nil {
			return nil, nil, err
		}
		for _, q := range qs {
			results[i].Questions = append(results[i].Questions, Summarize(q, values[q.ID]))
		}
	}
	sessions, err := s.Sessions(ctx, muni, SessionFilter{FY: fy, ProgramID: programID})
	if err != nil {
		return nil, nil, err
	}
	var sums []SessionSummary
	for _, x := range sessions {
		if sessionID != 0 && x.ID != sessionID {
			continue
		}
		sm := SessionSummary{SessionID: x.ID, Label: x.Label(), First: x.First(), Responses: respBySession[x.ID]}
		if a := bySession[x.ID]; a != nil && a.n > 0 {
			sm.Mean = float64(a.sum) / float64(a.n)
		}
		sums = append(sums, sm)
	}
	if results == nil {
		results = []SurveyResult{}
	}
	if sums == nil {
		sums = []SessionSummary{}
	}
	return results, sums, nil
}
