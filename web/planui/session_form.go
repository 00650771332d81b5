package planui

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"hagukumi/apperr"
	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/jtext"
	"hagukumi/training"
	"hagukumi/web"
)

// formRows is how many day and instructor rows the session form offers.
const formRows = 5

type formDay struct{ Date, Start, End string }

type formInstructor struct {
	Number, Name string
	Hours        string
}

// sessionForm is what the session form shows: the session, or what was
// typed when it was refused.
type sessionForm struct {
	S           *training.Session
	Programs    []*training.Program
	ProgramID   int64
	FY          int
	Days        []formDay
	Instructors []formInstructor
	Capacity    string
	Hours       string
	New         bool
	Statuses    [][2]string
}

func (s *ui) sessionFormData(ctx context.Context, u *auth.User, x *training.Session) (*sessionForm, error) {
	f := &sessionForm{S: x, ProgramID: x.ProgramID, FY: x.FY, New: x.ID == 0, Capacity: strconv.Itoa(x.Capacity),
		Statuses: [][2]string{{training.SessionPlanned, "予定"}, {training.SessionCancelled, "中止"}}} // 実施済 follows from the days (training.SessionStatus)
	if x.Hours > 0 {
		f.Hours = strconv.FormatFloat(x.Hours, 'f', -1, 64)
	}
	progs, err := s.Train.Programs(ctx, u.Municipality)
	if err != nil {
		return nil, err
	}
	for _, p := range progs {
		if p.Active || p.ID == x.ProgramID {
			f.Programs = append(f.Programs, p)
		}
	}
	for i := 0; i < formRows; i++ {
		var d formDay
		if i < len(x.Days) {
			d = formDay{x.Days[i].Date, x.Days[i].Start, x.Days[i].End}
		}
		f.Days = append(f.Days, d)
		var in formInstructor
		if i < len(x.Instructors) {
			in = formInstructor{Number: x.Instructors[i].Number, Name: x.Instructors[i].Name}
			if in.Number != "" {
				in.Name = ""
			}
			if x.Instructors[i].Hours > 0 {
				in.Hours = strconv.FormatFloat(x.Instructors[i].Hours, 'f', -1, 64)
			}
		}
		f.Instructors = append(f.Instructors, in)
	}
	return f, nil
}

// typed puts back into the form what the user typed, for showing it again.
func (f *sessionForm) typed(r *http.Request) {
	f.Capacity, f.Hours = r.PostFormValue("capacity"), r.PostFormValue("hours")
	for i := 0; i < formRows; i++ {
		f.Days[i] = formDay{r.PostFormValue(fmt.Sprintf("day%d_date", i)), r.PostFormValue(fmt.Sprintf("day%d_start", i)), r.PostFormValue(fmt.Sprintf("day%d_end", i))}
		f.Instructors[i] = formInstructor{r.PostFormValue(fmt.Sprintf("ins%d_number", i)), r.PostFormValue(fmt.Sprintf("ins%d_name", i)), r.PostFormValue(fmt.Sprintf("ins%d_hours", i))}
	}
}

// num folds a typed number to half width (１２ → 12) and trims it.
func num(v string) string { return strings.TrimSpace(jtext.Width(v)) }

// clock normalises 9:00, ９：００ or 09:00 to 09:00.
func clock(v string) (string, bool) {
	v = strings.ReplaceAll(num(v), "：", ":")
	if v == "" {
		return "", true
	}
	t, err := time.Parse("15:04", v)
	if err != nil {
		return v, false
	}
	return t.Format("15:04"), true
}

// readSessionForm fills a session from the form. Errors come with the row
// they concern; the form is shown again with what was typed.
func (s *ui) readSessionForm(r *http.Request, x *training.Session) error {
	x.Title = strings.TrimSpace(r.PostFormValue("title"))
	x.Venue = strings.TrimSpace(r.PostFormValue("venue"))
	x.Notes = strings.TrimSpace(r.PostFormValue("notes"))
	if v := r.PostFormValue("program"); v != "" {
		x.ProgramID, _ = strconv.ParseInt(v, 10, 64)
	}
	if v := r.PostFormValue("status"); v != "" {
		x.Status = v
	}
	if v := r.PostFormValue("fy"); strings.TrimSpace(v) != "" {
		fy, err := web.ParseFY(v, s.Now())
		if err != nil {
			return err
		}
		x.FY = fy
	}
	var err error
	if x.Capacity, err = strconv.Atoi(num(r.PostFormValue("capacity"))); err != nil {
		x.Capacity = 0
		if num(r.PostFormValue("capacity")) != "" {
			return apperr.Invalidf("定員は数字で入力してください（0は定員なし）。")
		}
	}
	x.Hours = 0
	if h := num(r.PostFormValue("hours")); h != "" {
		if x.Hours, err = strconv.ParseFloat(h, 64); err != nil || x.Hours < 0 || x.Hours > 1000 {
			return apperr.Invalidf("時間数は数字で入力してください（空欄なら開催時間の合計）。")
		}
	}
	x.Days, x.Instructors = nil, nil
	for i := 0; i < formRows; i++ {
		date := num(r.PostFormValue(fmt.Sprintf("day%d_date", i)))
		start, ok1 := clock(r.PostFormValue(fmt.Sprintf("day%d_start", i)))
		end, ok2 := clock(r.PostFormValue(fmt.Sprintf("day%d_end", i)))
		if date == "" && start == "" && end == "" {
			continue
		}
		if date != "" {
			t, err := calendar.ParseDate(date)
			if err != nil {
				return apperr.Invalidf("開催日 %d の日付が正しくありません（例 2025-06-10 または 令和7年6月10日）。", i+1)
			}
			date = t.Format(time.DateOnly)
		}
		x.Days = append(x.Days, training.Day{Date: date, Start: start, End: end})
		if date == "" || !ok1 || !ok2 || start == "" || end == "" {
			return apperr.Invalidf("開催日 %d の日付と開始・終了時刻を入力してください（例 09:00〜17:00）。", i+1)
		}
	}
	for i := 0; i < formRows; i++ {
		number := strings.ToUpper(num(r.PostFormValue(fmt.Sprintf("ins%d_number", i))))
		name := strings.TrimSpace(r.PostFormValue(fmt.Sprintf("ins%d_name", i)))
		hs := num(r.PostFormValue(fmt.Sprintf("ins%d_hours", i)))
		if number == "" && name == "" {
			continue
		}
		var hours float64
		if hs != "" {
			if hours, err = strconv.ParseFloat(hs, 64); err != nil || hours < 0 {
				return apperr.Invalidf("講師 %d の担当時間は数字で入力してください。", i+1)
			}
		}
		x.Instructors = append(x.Instructors, training.Instructor{Number: number, Name: name, Hours: hours})
	}
	return nil
}

// sessionOf loads the session {id} of the user's municipality.
func (s *ui) sessionOf(r *http.Request) (*training.Session, error) {
	id, err := web.ID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.Train.SessionByID(r.Context(), web.UserOf(r).Municipality, id)
}
