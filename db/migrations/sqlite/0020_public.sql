-- The public site (PRODUCT I3): the center's own page, which records the
-- center publishes, its open events, and what the public sends through
-- its forms. Published items point at the records the staff use (a
-- programme, a lecture topic, a fiscal year's figures), so a public page
-- is never a copy kept by hand.
CREATE TABLE public_pages (
    municipality_id INTEGER PRIMARY KEY REFERENCES municipalities(id),
    body            TEXT NOT NULL DEFAULT '',
    published       BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at      TIMESTAMP NOT NULL
);

CREATE TABLE public_events (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    title           TEXT NOT NULL,
    body            TEXT NOT NULL DEFAULT '',
    held_on         TEXT NOT NULL,
    place           TEXT NOT NULL DEFAULT '',
    registration    TEXT NOT NULL DEFAULT 'open',
    created_at      TIMESTAMP NOT NULL
);

-- kind: program, topic, event or results (ref_id is then the fiscal year).
CREATE TABLE public_items (
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    kind            TEXT NOT NULL,
    ref_id          INTEGER NOT NULL,
    published_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (municipality_id, kind, ref_id)
);

-- The key that signs the forms' time stamps, shared by every instance.
CREATE TABLE public_keys (
    id     INTEGER PRIMARY KEY,
    secret TEXT NOT NULL
);

-- What the public sends. client_hash is a keyed hash of the sender's
-- address, kept only to count submissions per address (the rate limit
-- holds across instances because it is counted here). queued marks a
-- submission without a solved proof of work: it waits for moderation.
CREATE TABLE public_submissions (
    id               INTEGER PRIMARY KEY,
    municipality_id  INTEGER NOT NULL REFERENCES municipalities(id),
    kind             TEXT NOT NULL,
    state            TEXT NOT NULL,
    queued           BOOLEAN NOT NULL DEFAULT FALSE,
    name             TEXT NOT NULL DEFAULT '',
    email            TEXT NOT NULL DEFAULT '',
    message          TEXT NOT NULL DEFAULT '',
    token_hash       TEXT NOT NULL UNIQUE,
    client_hash      TEXT NOT NULL,
    assignee_user_id INTEGER REFERENCES users(id),
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    closed_at        TIMESTAMP,
    purge_after      TIMESTAMP
);
CREATE INDEX public_submissions_recent ON public_submissions (created_at, client_hash);
CREATE INDEX public_submissions_muni ON public_submissions (municipality_id, state);

CREATE TABLE public_notes (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    submission_id   INTEGER NOT NULL REFERENCES public_submissions(id),
    user_id         INTEGER REFERENCES users(id),
    kind            TEXT NOT NULL DEFAULT 'note',
    body            TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX public_notes_submission ON public_notes (submission_id);

-- The mails that quote a submission, purged with it.
CREATE TABLE public_mails (
    submission_id INTEGER NOT NULL REFERENCES public_submissions(id),
    mail_id       INTEGER NOT NULL,
    PRIMARY KEY (submission_id, mail_id)
);
