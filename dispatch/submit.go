package dispatch

import (
	"context"
	"database/sql"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/db"
)

// Submission stores the public submission a request is, inside the
// request's transaction, and gives back its id: the public site's shared
// row with the private link and the rate limit (the UI passes the public
// kit's Insert). Mail then queues the requester's mail tied to it.
type Submission struct {
	Insert func(tx *sql.Tx) (int64, error)
	Mail   func(tx *sql.Tx, subID int64, r *Request, now time.Time) error
}

// Submit checks a request sent through the public form against the
// municipality's rules and stores it as 受付, with its public submission;
// a refused form stores nothing.
func (s *Store) Submit(ctx context.Context, muni int64, f *Form, sub Submission) (*Request, error) {
	f.Normalize()
	now := s.now()
	today := calendar.Today(now)
	st, err := s.Settings(ctx, nil, muni)
	if err != nil {
		return nil, err
	}
	checked, err := f.Check(today, st)
	if err != nil {
		return nil, err
	}
	r := &Request{FY: calendar.FiscalYear(today), State: Received, StateLabel: StateLabel(Received), Organisation: f.Organisation, RequesterType: f.RequesterType,
		ContactName: f.ContactName, Email: f.Email, Phone: f.Phone, Topic: f.TopicText, Dates: checked.Dates, Place: f.Place, Online: f.Online,
		Audience: f.Audience, AudienceSize: checked.Size, Purpose: f.Purpose, CreatedAt: now, UpdatedAt: now}
	if checked.TopicID != 0 {
		t, err := s.Topic(ctx, s.DB.R, muni, checked.TopicID)
		if err != nil || !t.Published || t.FY < r.FY {
			return nil, apperr.Fields(apperr.FieldErrors{"topic": "選んだテーマは受け付けていません。一覧から選び直すか、テーマを入力してください。"})
		}
		r.TopicID, r.Topic, r.UnitPath = t.ID, t.Title, t.UnitPath
	}
	dates := append([]string{}, r.Dates...)
	for len(dates) < 3 {
		dates = append(dates, "")
	}
	err = s.write(ctx, muni, func(tx *sql.Tx, c *audit.Chain, now time.Time) error {
		subID, err := sub.Insert(tx)
		if err != nil {
			return err
		}
		r.SubmissionID = subID
		var topicID any
		if r.TopicID != 0 {
			topicID = r.TopicID
		}
		r.ID, err = db.Insert(ctx, tx, `INSERT INTO dispatch_requests (municipality_id, fy, submission_id, state, organisation, requester_type, contact_name, email, phone,
			topic_id, topic_title, unit_path, date1, date2, date3, place, online, audience, audience_size, purpose, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $21) RETURNING id`,
			muni, r.FY, subID, Received, r.Organisation, r.RequesterType, r.ContactName, r.Email, r.Phone,
			topicID, r.Topic, r.UnitPath, dates[0], dates[1], dates[2], r.Place, r.Online, r.Audience, r.AudienceSize, r.Purpose, now)
		if err != nil {
			return err
		}
		// Ids and the kind of requester only: the chain keeps no personal data.
		if err := c.Add(ctx, now, Requester, "create", "lecture_request", id(r.ID), map[string]any{"submission_id": subID, "topic_id": r.TopicID, "requester_type": r.RequesterType}); err != nil {
			return err
		}
		if sub.Mail != nil {
			return sub.Mail(tx, subID, r, now)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}
