-- Lecturer dispatch (講師派遣・出前講座, issue 14, PRODUCT O1): each
-- fiscal year's topic menu with the staff who can speak on each topic,
-- the requests the public sends through the public form, their workflow,
-- the lecturer's 所属長's agreement, the terms, the delivery report and
-- the requester's feedback.

-- The municipality's rules for requests, shown on the form and checked.
CREATE TABLE dispatch_settings (
    municipality_id INTEGER PRIMARY KEY REFERENCES municipalities(id),
    lead_days       INTEGER NOT NULL DEFAULT 14,
    min_audience    INTEGER NOT NULL DEFAULT 10,
    retention_days  INTEGER NOT NULL DEFAULT 365,
    updated_at      TIMESTAMP NOT NULL
);

-- unit_path is the department's path, the scope a liaison manages.
CREATE TABLE dispatch_topics (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    fy              INTEGER NOT NULL,
    title           TEXT NOT NULL,
    unit_path       TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    audience        TEXT NOT NULL DEFAULT '',
    minutes         INTEGER NOT NULL DEFAULT 60,
    format          TEXT NOT NULL DEFAULT '対面',
    published       BOOLEAN NOT NULL DEFAULT FALSE,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX dispatch_topics_fy ON dispatch_topics (municipality_id, fy);

CREATE TABLE dispatch_speakers (
    topic_id        INTEGER NOT NULL REFERENCES dispatch_topics(id),
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    staff_id        INTEGER NOT NULL REFERENCES staff(id),
    PRIMARY KEY (topic_id, staff_id)
);

-- A request. contact_name, email and phone are the requester's personal
-- data, blanked by the retention purge (with the public submission);
-- organisation and requester_type stay for the figures. topic_title and
-- unit_path are kept as they were, so figures do not move with the menu.
CREATE TABLE dispatch_requests (
    id                INTEGER PRIMARY KEY,
    municipality_id   INTEGER NOT NULL REFERENCES municipalities(id),
    fy                INTEGER NOT NULL,
    submission_id     INTEGER REFERENCES public_submissions(id),
    state             TEXT NOT NULL,
    organisation      TEXT NOT NULL,
    requester_type    TEXT NOT NULL,
    contact_name      TEXT NOT NULL DEFAULT '',
    email             TEXT NOT NULL DEFAULT '',
    phone             TEXT NOT NULL DEFAULT '',
    topic_id          INTEGER REFERENCES dispatch_topics(id),
    topic_title       TEXT NOT NULL,
    unit_path         TEXT NOT NULL DEFAULT '',
    date1             TEXT NOT NULL,
    date2             TEXT NOT NULL DEFAULT '',
    date3             TEXT NOT NULL DEFAULT '',
    place             TEXT NOT NULL DEFAULT '',
    online            BOOLEAN NOT NULL DEFAULT FALSE,
    audience          TEXT NOT NULL DEFAULT '',
    audience_size     INTEGER NOT NULL,
    purpose           TEXT NOT NULL DEFAULT '',
    lecturer_id       INTEGER REFERENCES staff(id),
    lecturer_unit     TEXT NOT NULL DEFAULT '',
    agreement         TEXT NOT NULL DEFAULT '',
    agreement_by      INTEGER REFERENCES users(id),
    agreement_at      TIMESTAMP,
    lecture_on        TEXT NOT NULL DEFAULT '',
    work_mode         TEXT NOT NULL DEFAULT '',
    fee               INTEGER NOT NULL DEFAULT 0,
    fee_status        TEXT NOT NULL DEFAULT '',
    travel            TEXT NOT NULL DEFAULT '',
    conditions        TEXT NOT NULL DEFAULT '',
    notice_no         TEXT NOT NULL DEFAULT '',
    approved_at       TIMESTAMP,
    decline_reason    TEXT NOT NULL DEFAULT '',
    decline_text      TEXT NOT NULL DEFAULT '',
    delivered_on      TEXT NOT NULL DEFAULT '',
    hours             REAL NOT NULL DEFAULT 0,
    attendees         INTEGER NOT NULL DEFAULT 0,
    materials         TEXT NOT NULL DEFAULT '',
    satisfaction      INTEGER NOT NULL DEFAULT 0,
    feedback          TEXT NOT NULL DEFAULT '',
    feedback_at       TIMESTAMP,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    ended_at          TIMESTAMP,
    purged_at         TIMESTAMP
);
CREATE INDEX dispatch_requests_fy ON dispatch_requests (municipality_id, fy);
CREATE INDEX dispatch_requests_lecturer ON dispatch_requests (municipality_id, lecturer_id);
CREATE INDEX dispatch_requests_submission ON dispatch_requests (submission_id);
