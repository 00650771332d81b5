-- A kiosk session lets one browser (the 受付 tablet at the venue) check
-- people in to one training session until the end of that day in Japan,
-- and nothing else. Only the hash of its secret is kept, as for sessions.
CREATE TABLE kiosk_sessions (
    id              TEXT PRIMARY KEY,
    municipality_id BIGINT NOT NULL REFERENCES municipalities(id),
    user_id         BIGINT NOT NULL REFERENCES users(id),
    session_id      BIGINT NOT NULL REFERENCES sessions_training(id) ON DELETE CASCADE,
    created_at      TIMESTAMPTZ NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX kiosk_sessions_expires ON kiosk_sessions (expires_at);
