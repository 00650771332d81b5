-- Training core (PRODUCT T1–T7, T10): catalog, eligibility, annual plan,
-- sessions, enrolment, attendance, completion, surveys, reports, notices.
CREATE TABLE programs (
    id                  INTEGER PRIMARY KEY,
    municipality_id     INTEGER NOT NULL REFERENCES municipalities(id),
    code                TEXT NOT NULL,
    name                TEXT NOT NULL,
    category            TEXT NOT NULL,
    objectives          TEXT NOT NULL DEFAULT '',
    competencies        TEXT NOT NULL DEFAULT '',
    hours               REAL NOT NULL DEFAULT 0,
    mandatory           BOOLEAN NOT NULL DEFAULT FALSE,
    enrolment_mode      TEXT NOT NULL DEFAULT 'nomination',
    rule                TEXT NOT NULL DEFAULT '',
    completion_min_pct  INTEGER NOT NULL DEFAULT 75,
    completion_report   BOOLEAN NOT NULL DEFAULT FALSE,
    completion_survey   BOOLEAN NOT NULL DEFAULT FALSE,
    active              BOOLEAN NOT NULL DEFAULT TRUE,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    UNIQUE (municipality_id, code)
);

CREATE TABLE program_instructors (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    program_id      INTEGER NOT NULL REFERENCES programs(id),
    staff_id        INTEGER REFERENCES staff(id),
    name            TEXT NOT NULL DEFAULT '',
    affiliation     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX program_instructors_program ON program_instructors (program_id);

CREATE TABLE eligibility_exceptions (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    program_id      INTEGER NOT NULL REFERENCES programs(id),
    fy              INTEGER NOT NULL,
    staff_id        INTEGER NOT NULL REFERENCES staff(id),
    kind            TEXT NOT NULL,
    reason          TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    UNIQUE (program_id, fy, staff_id)
);

CREATE TABLE eligibility_snapshots (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    program_id      INTEGER NOT NULL REFERENCES programs(id),
    fy              INTEGER NOT NULL,
    numbers         TEXT NOT NULL,
    taken_at        TIMESTAMP NOT NULL
);
CREATE INDEX eligibility_snapshots_program ON eligibility_snapshots (program_id, fy, taken_at);

CREATE TABLE program_quotas (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    program_id      INTEGER NOT NULL REFERENCES programs(id),
    fy              INTEGER NOT NULL,
    unit_id         INTEGER NOT NULL REFERENCES org_units(id),
    quota           INTEGER NOT NULL,
    UNIQUE (program_id, fy, unit_id)
);

CREATE TABLE plans (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    fy              INTEGER NOT NULL,
    status          TEXT NOT NULL DEFAULT 'draft',
    published_at    TIMESTAMP,
    UNIQUE (municipality_id, fy)
);

CREATE TABLE sessions_training (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    program_id      INTEGER NOT NULL REFERENCES programs(id),
    fy              INTEGER NOT NULL,
    title           TEXT NOT NULL DEFAULT '',
    venue           TEXT NOT NULL DEFAULT '',
    capacity        INTEGER NOT NULL DEFAULT 0,
    hours           REAL NOT NULL DEFAULT 0,
    notes           TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'planned',
    checkin_token   TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX sessions_training_fy ON sessions_training (municipality_id, fy, program_id);

CREATE TABLE session_days (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    session_id      INTEGER NOT NULL REFERENCES sessions_training(id),
    day             TEXT NOT NULL,
    start_time      TEXT NOT NULL,
    end_time        TEXT NOT NULL
);
CREATE INDEX session_days_session ON session_days (session_id, day);
CREATE INDEX session_days_day ON session_days (municipality_id, day);

CREATE TABLE session_instructors (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    session_id      INTEGER NOT NULL REFERENCES sessions_training(id),
    staff_id        INTEGER REFERENCES staff(id),
    name            TEXT NOT NULL DEFAULT '',
    hours           REAL NOT NULL DEFAULT 0
);
CREATE INDEX session_instructors_session ON session_instructors (session_id);
CREATE INDEX session_instructors_staff ON session_instructors (staff_id);

CREATE TABLE enrolments (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    session_id      INTEGER NOT NULL REFERENCES sessions_training(id),
    staff_id        INTEGER NOT NULL REFERENCES staff(id),
    status          TEXT NOT NULL,
    source          TEXT NOT NULL,
    waitlist_pos    INTEGER NOT NULL DEFAULT 0,
    reason          TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    UNIQUE (session_id, staff_id)
);
CREATE INDEX enrolments_staff ON enrolments (municipality_id, staff_id);
CREATE INDEX enrolments_session ON enrolments (session_id, status);

CREATE TABLE attendance (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    session_id      INTEGER NOT NULL REFERENCES sessions_training(id),
    staff_id        INTEGER NOT NULL REFERENCES staff(id),
    status          TEXT NOT NULL,
    hours           REAL NOT NULL DEFAULT 0,
    absence_reason  TEXT NOT NULL DEFAULT '',
    checked_in_at   TIMESTAMP,
    updated_at      TIMESTAMP NOT NULL,
    UNIQUE (session_id, staff_id)
);

CREATE TABLE completions (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    program_id      INTEGER NOT NULL REFERENCES programs(id),
    session_id      INTEGER NOT NULL REFERENCES sessions_training(id),
    staff_id        INTEGER NOT NULL REFERENCES staff(id),
    fy              INTEGER NOT NULL,
    hours           REAL NOT NULL DEFAULT 0,
    completed_on    TEXT NOT NULL,
    certificate_no  TEXT NOT NULL DEFAULT '',
    UNIQUE (session_id, staff_id)
);
CREATE INDEX completions_staff ON completions (municipality_id, staff_id, program_id);

CREATE TABLE external_trainings (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    staff_id        INTEGER NOT NULL REFERENCES staff(id),
    title           TEXT NOT NULL,
    organiser       TEXT NOT NULL DEFAULT '',
    start_on        TEXT NOT NULL,
    end_on          TEXT NOT NULL,
    hours           REAL NOT NULL DEFAULT 0,
    fy              INTEGER NOT NULL,
    notes           TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX external_trainings_staff ON external_trainings (municipality_id, staff_id);

CREATE TABLE surveys (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    program_id      INTEGER REFERENCES programs(id),
    session_id      INTEGER REFERENCES sessions_training(id),
    title           TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL
);

CREATE TABLE survey_questions (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    survey_id       INTEGER NOT NULL REFERENCES surveys(id),
    ord             INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    text            TEXT NOT NULL,
    choices         TEXT NOT NULL DEFAULT '',
    required        BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE survey_responses (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    survey_id       INTEGER NOT NULL REFERENCES surveys(id),
    session_id      INTEGER NOT NULL REFERENCES sessions_training(id),
    staff_id        INTEGER NOT NULL REFERENCES staff(id),
    submitted_at    TIMESTAMP NOT NULL,
    UNIQUE (survey_id, session_id, staff_id)
);

CREATE TABLE survey_answers (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    response_id     INTEGER NOT NULL REFERENCES survey_responses(id),
    question_id     INTEGER NOT NULL REFERENCES survey_questions(id),
    value           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX survey_answers_question ON survey_answers (question_id);

CREATE TABLE reports (
    id               INTEGER PRIMARY KEY,
    municipality_id  INTEGER NOT NULL REFERENCES municipalities(id),
    session_id       INTEGER NOT NULL REFERENCES sessions_training(id),
    staff_id         INTEGER NOT NULL REFERENCES staff(id),
    body             TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL DEFAULT 'draft',
    reviewer_user_id INTEGER REFERENCES users(id),
    review_comment   TEXT NOT NULL DEFAULT '',
    submitted_at     TIMESTAMP,
    reviewed_at      TIMESTAMP,
    UNIQUE (session_id, staff_id)
);

CREATE TABLE instructor_topics (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    staff_id        INTEGER NOT NULL REFERENCES staff(id),
    topic           TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    public          BOOLEAN NOT NULL DEFAULT FALSE,
    created_at      TIMESTAMP NOT NULL
);

CREATE TABLE notifications (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    staff_id        INTEGER NOT NULL REFERENCES staff(id),
    kind            TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL DEFAULT '',
    link            TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    read_at         TIMESTAMP
);
CREATE INDEX notifications_staff ON notifications (municipality_id, staff_id, created_at);

CREATE TABLE mail_queue (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    to_addr         TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    ics             TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    sent_at         TIMESTAMP
);
CREATE INDEX mail_queue_due ON mail_queue (status, next_attempt_at);

CREATE TABLE feed_tokens (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    user_id         INTEGER NOT NULL UNIQUE REFERENCES users(id),
    token_hash      TEXT NOT NULL UNIQUE,
    created_at      TIMESTAMP NOT NULL
);
