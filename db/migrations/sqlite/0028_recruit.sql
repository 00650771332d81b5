-- Recruitment (issue 15, PRODUCT R1, R2): universities with their contacts
-- and PR visits; briefings (採用説明会) with sessions, speakers and public
-- registrations, a waitlist per session, reminders sent once each,
-- check-in and a survey. A registrant's identifying fields are blanked by
-- the retention run; the non-identifying ones stay for the figures.

CREATE TABLE recruit_universities (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    name            TEXT NOT NULL,
    kana            TEXT NOT NULL DEFAULT '',
    prefecture      TEXT NOT NULL DEFAULT '',
    partner         BOOLEAN NOT NULL DEFAULT FALSE,
    created_at      TIMESTAMP NOT NULL,
    UNIQUE (municipality_id, name)
);

CREATE TABLE recruit_contacts (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    university_id   INTEGER NOT NULL REFERENCES recruit_universities(id),
    name            TEXT NOT NULL,
    role            TEXT NOT NULL DEFAULT '',
    email           TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX recruit_contacts_univ ON recruit_contacts (municipality_id, university_id);

CREATE TABLE recruit_visits (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    university_id   INTEGER NOT NULL REFERENCES recruit_universities(id),
    on_date         TEXT NOT NULL,
    fy              INTEGER NOT NULL,
    who             TEXT NOT NULL DEFAULT '',
    what            TEXT NOT NULL,
    students        INTEGER NOT NULL DEFAULT 0,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX recruit_visits_fy ON recruit_visits (municipality_id, fy);

CREATE TABLE recruit_events (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    title           TEXT NOT NULL,
    body            TEXT NOT NULL DEFAULT '',
    job_types       TEXT NOT NULL DEFAULT '',
    fy              INTEGER NOT NULL,
    opens_at        TIMESTAMP,
    closes_at       TIMESTAMP,
    published       BOOLEAN NOT NULL DEFAULT FALSE,
    reminder_days   TEXT NOT NULL DEFAULT '3,1',
    retain_until    TEXT NOT NULL DEFAULT '',
    purged_at       TIMESTAMP,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX recruit_events_fy ON recruit_events (municipality_id, fy);

CREATE TABLE recruit_sessions (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    event_id        INTEGER NOT NULL REFERENCES recruit_events(id),
    starts_at       TIMESTAMP NOT NULL,
    place           TEXT NOT NULL DEFAULT '',
    online_url      TEXT NOT NULL DEFAULT '',
    capacity        INTEGER NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX recruit_sessions_event ON recruit_sessions (event_id);

CREATE TABLE recruit_speakers (
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    session_id      INTEGER NOT NULL REFERENCES recruit_sessions(id),
    staff_id        INTEGER NOT NULL REFERENCES staff(id),
    hours           REAL NOT NULL DEFAULT 1,
    PRIMARY KEY (session_id, staff_id)
);
CREATE INDEX recruit_speakers_staff ON recruit_speakers (municipality_id, staff_id);

CREATE TABLE recruit_registrations (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    event_id        INTEGER NOT NULL REFERENCES recruit_events(id),
    session_id      INTEGER NOT NULL REFERENCES recruit_sessions(id),
    submission_id   INTEGER REFERENCES public_submissions(id),
    name            TEXT NOT NULL DEFAULT '',
    kana            TEXT NOT NULL DEFAULT '',
    email           TEXT NOT NULL DEFAULT '',
    email_key       TEXT,
    university      TEXT NOT NULL DEFAULT '',
    faculty         TEXT NOT NULL DEFAULT '',
    graduation_year INTEGER NOT NULL DEFAULT 0,
    interest        TEXT NOT NULL DEFAULT '',
    question        TEXT NOT NULL DEFAULT '',
    state           TEXT NOT NULL,
    waitlist_pos    INTEGER NOT NULL DEFAULT 0,
    walk_in         BOOLEAN NOT NULL DEFAULT FALSE,
    queued          BOOLEAN NOT NULL DEFAULT FALSE,
    checkin_code    TEXT,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    attended_at     TIMESTAMP,
    purged          BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE UNIQUE INDEX recruit_registrations_email ON recruit_registrations (event_id, email_key);
CREATE UNIQUE INDEX recruit_registrations_code ON recruit_registrations (checkin_code);
CREATE INDEX recruit_registrations_session ON recruit_registrations (session_id, state);
CREATE INDEX recruit_registrations_event ON recruit_registrations (municipality_id, event_id);
CREATE INDEX recruit_registrations_submission ON recruit_registrations (submission_id);

CREATE TABLE recruit_reminders (
    registration_id INTEGER NOT NULL REFERENCES recruit_registrations(id),
    days            INTEGER NOT NULL,
    sent_at         TIMESTAMP NOT NULL,
    PRIMARY KEY (registration_id, days)
);

CREATE TABLE recruit_answers (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    event_id        INTEGER NOT NULL REFERENCES recruit_events(id),
    registration_id INTEGER NOT NULL REFERENCES recruit_registrations(id),
    satisfaction    INTEGER NOT NULL,
    intent          TEXT NOT NULL,
    comment         TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    UNIQUE (registration_id)
);
CREATE INDEX recruit_answers_event ON recruit_answers (municipality_id, event_id);
