-- The center's yearly request to the departments to answer for their open
-- proposal items, with a due date. One request per fiscal year.
CREATE TABLE proposal_requests (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    fy              INTEGER NOT NULL,
    due_on          TEXT NOT NULL,
    message         TEXT NOT NULL DEFAULT '',
    opened_by       TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    UNIQUE (municipality_id, fy)
);

-- Every notice of a request sent to a liaison: the opening notice and each
-- reminder, once per kind and liaison. The primary key is what keeps a
-- restart or a second instance from sending a reminder twice.
CREATE TABLE proposal_request_notices (
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    request_id      INTEGER NOT NULL REFERENCES proposal_requests(id),
    kind            TEXT NOT NULL,
    user_id         INTEGER NOT NULL REFERENCES users(id),
    sent_at         TIMESTAMP NOT NULL,
    PRIMARY KEY (request_id, kind, user_id)
);

-- Training sessions planned for a cohort (a フジェンヌ seminar): the
-- session itself lives in sessions_training.
CREATE TABLE team_sessions (
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    cohort_id       INTEGER NOT NULL REFERENCES team_cohorts(id),
    session_id      INTEGER NOT NULL REFERENCES sessions_training(id),
    PRIMARY KEY (cohort_id, session_id)
);
CREATE INDEX team_sessions_session ON team_sessions (session_id);
