// Package competency holds the competency framework (PRODUCT T9): the
// 目指す職員像, competencies grouped in areas with their behaviour
// indicators, the level each rank (and optionally job family) requires —
// the 標準職務遂行能力 table a city sets under 地方公務員法15条の2 —
// versioned by the date of the 規程 revision; which catalog programmes
// develop which competency; and each person's development view.
package competency

import (
	"fmt"
	"time"
	"unicode/utf8"

	"hagukumi/apperr"
)

// Framework is one version of the table.
type Framework struct {
	RevisedOn    string       `json:"revised_on"` // date of the 規程 revision
	Vision       string       `json:"vision"`     // 目指す職員像
	Competencies []Competency `json:"competencies"`
}

// Competency is one line of the table.
type Competency struct {
	Code       string  `json:"code"`
	Area       string  `json:"area"`
	Name       string  `json:"name"`
	Definition string  `json:"definition"`
	Indicators string  `json:"indicators"` // behaviour indicators, one per line
	Levels     []Level `json:"levels"`
}

// Level is what a rank (and a job family, empty for all) requires: 1 知る,
// 2 できる, 3 指導できる — a city may read the numbers its own way.
type Level struct {
	Rank      string `json:"rank"`
	JobFamily string `json:"job_family,omitempty"`
	Level     int    `json:"level"`
}

// Text limits.
const (
	MaxName   = 100
	MaxText   = 2000
	MaxLevel  = 5
	MaxLength = 500 // competencies in one version
)

// Validate checks a version before it is saved, naming the line of each
// problem as the import shows it.
func (f *Framework) Validate() error {
	fe := apperr.FieldErrors{}
	if _, err := time.Parse(time.DateOnly, f.RevisedOn); err != nil {
		fe["revised_on"] = "改正日は YYYY-MM-DD で入力してください。"
	}
	if utf8.RuneCountInString(f.Vision) > MaxText {
		fe["vision"] = "目指す職員像は2000文字以内で入力してください。"
	}
	if len(f.Competencies) > MaxLength {
		fe["competencies"] = "能力は500件までです。"
	}
	seen := map[string]bool{}
	for i, c := range f.Competencies {
		key := fmt.Sprintf("competencies.%d", i+1)
		switch {
		case c.Code == "" || c.Name == "":
			fe[key] = fmt.Sprintf("%d行目: コードと名称は必須です。", i+1)
		case seen[c.Code]:
			fe[key] = fmt.Sprintf("%d行目: コード「%s」が重複しています。", i+1, c.Code)
		case utf8.RuneCountInString(c.Name) > MaxName || utf8.RuneCountInString(c.Code) > MaxName || utf8.RuneCountInString(c.Area) > MaxName:
			fe[key] = fmt.Sprintf("%d行目: コード・領域・名称は100文字以内で入力してください。", i+1)
		case utf8.RuneCountInString(c.Definition) > MaxText || utf8.RuneCountInString(c.Indicators) > MaxText:
			fe[key] = fmt.Sprintf("%d行目: 定義・行動指標は2000文字以内で入力してください。", i+1)
		}
		seen[c.Code] = true
		for _, l := range c.Levels {
			if l.Level < 0 || l.Level > MaxLevel {
				fe[key] = fmt.Sprintf("%d行目: 求める水準は0〜%dで入力してください。", i+1, MaxLevel)
			}
		}
	}
	if len(fe) > 0 {
		return apperr.Fields(fe)
	}
	return nil
}

// Required lists the competencies a rank requires (level above 0) for a
// job family: a line for the job family wins over the line for all.
func (f *Framework) Required(rank, jobFamily string) []Required {
	var out []Required
	for _, c := range f.Competencies {
		lv, found := 0, false
		for _, l := range c.Levels {
			if l.Rank != rank {
				continue
			}
			if l.JobFamily == jobFamily && jobFamily != "" {
				lv, found = l.Level, true
				break
			}
			if l.JobFamily == "" && !found {
				lv = l.Level
			}
		}
		if lv > 0 {
			out = append(out, Required{Code: c.Code, Area: c.Area, Name: c.Name, Level: lv})
		}
	}
	return out
}

// Required is one competency a rank requires, with the level.
type Required struct {
	Code  string `json:"code"`
	Area  string `json:"area"`
	Name  string `json:"name"`
	Level int    `json:"level"`
}
