package public

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"hagukumi/audit"
)

// Sender is the actor of what the public does, in the audit log. It names
// no person: audit entries about submissions carry the submission's id
// and never the sender's name, address or message, because the hash
// chain cannot be purged.
var Sender = audit.Actor{Login: "public"}

// Received is what a stored submission gives back to the sender.
type Received struct {
	ID    int64
	Token string // the private link's token, shown once and mailed
}

// Submit stores a contact submission unless a rate limit is reached
// (ErrTooMany, nothing stored). client is the sender's address, kept only
// as a keyed hash; solved tells whether the proof of work was solved,
// without which the submission waits in the moderation queue. When the
// sender gave an address, the private link is queued as a mail to it.
func (s *Store) Submit(ctx context.Context, muni int64, c Contact, client string, solved bool, mailFor func(token string) (subject, body string)) (Received, error) {
	c.Normalize()
	if err := c.Validate(); err != nil {
		return Received{}, err
	}
	var out Received
	err := s.write(ctx, muni, func(tx *sql.Tx, ch *audit.Chain) error {
		var err error
		out, err = s.Insert(ctx, tx, muni, NewSubmission{Kind: KindContact, Name: c.Name, Email: c.Email, Message: c.Message, Client: client, Queued: !solved})
		if err != nil {
			return err
		}
		if c.Email != "" && mailFor != nil {
			subject, body := mailFor(out.Token)
			if err := QueueMail(ctx, tx, muni, out.ID, c.Email, subject, body, s.now()); err != nil {
				return err
			}
		}
		return ch.Add(ctx, s.now(), Sender, "public.submit", "public_submission", strconv.FormatInt(out.ID, 10), map[string]any{"kind": KindContact, "queued": !solved})
	})
	return out, err
}

// Tracked is what the sender sees on the private link.
type Tracked struct {
	ID        int64
	Kind      string
	State     string
	CreatedAt time.Time
}

// Track finds a submission by its private link's token.
func (s *Store) Track(ctx context.Context, token string) (Tracked, error) {
	var t Tracked
	err := s.DB.R.QueryRowContext(ctx, `SELECT id, kind, state, created_at FROM public_submissions WHERE token_hash = $1`, HashToken(token)).
		Scan(&t.ID, &t.Kind, &t.State, &t.CreatedAt)
	if err == sql.ErrNoRows {
		return t, errNoLink
	}
	return t, err
}

// Withdraw lets the sender withdraw a submission still being handled.
func (s *Store) Withdraw(ctx context.Context, token string) error {
	var muni, id int64
	var kind, state string
	err := s.DB.R.QueryRowContext(ctx, `SELECT municipality_id, id, kind, state FROM public_submissions WHERE token_hash = $1`, HashToken(token)).Scan(&muni, &id, &kind, &state)
	if err == sql.ErrNoRows {
		return errNoLink
	}
	if err != nil {
		return err
	}
	return s.setState(ctx, Sender, muni, id, StateWithdrawn)
}
