-- 復職支援 (return to work, issue 17). Every column that holds health
-- information is sealed (package seal: "<key id>:" + base64 of nonce and
-- AES-256-GCM ciphertext, bound to the case id); the plain columns hold
-- only what the case list and reminders need: whose case, its step and
-- status, and dates. Released work adjustments are plain on purpose: the
-- 所属長 reads them, and they carry no reason.
CREATE TABLE rtw_cases (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    staff_id        INTEGER NOT NULL REFERENCES staff(id),
    step            INTEGER NOT NULL DEFAULT 1,
    status          TEXT NOT NULL DEFAULT 'open',
    leave_type      TEXT NOT NULL DEFAULT '',
    leave_until     TEXT NOT NULL DEFAULT '',
    returned_on     TEXT NOT NULL DEFAULT '',
    content         TEXT NOT NULL DEFAULT '',
    opened_at       TIMESTAMP NOT NULL,
    closed_at       TIMESTAMP,
    destroyed_at    TIMESTAMP
);
CREATE INDEX rtw_cases_staff ON rtw_cases (municipality_id, staff_id);

CREATE TABLE rtw_managers (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    case_id         INTEGER NOT NULL REFERENCES rtw_cases(id),
    user_id         INTEGER NOT NULL REFERENCES users(id),
    assigned_at     TIMESTAMP NOT NULL,
    removed_at      TIMESTAMP
);
CREATE INDEX rtw_managers_user ON rtw_managers (municipality_id, user_id, case_id);

CREATE TABLE rtw_notes (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    case_id         INTEGER NOT NULL REFERENCES rtw_cases(id),
    author_id       INTEGER NOT NULL REFERENCES users(id),
    created_at      TIMESTAMP NOT NULL,
    body            TEXT NOT NULL
);
CREATE INDEX rtw_notes_case ON rtw_notes (case_id, id);

CREATE TABLE rtw_consents (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    case_id         INTEGER NOT NULL REFERENCES rtw_cases(id),
    party           TEXT NOT NULL,
    given           BOOLEAN NOT NULL,
    what            TEXT NOT NULL DEFAULT '',
    recorded_at     TIMESTAMP NOT NULL,
    withdrawn_at    TIMESTAMP
);
CREATE INDEX rtw_consents_case ON rtw_consents (case_id, party);

CREATE TABLE rtw_disclosures (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    case_id         INTEGER NOT NULL REFERENCES rtw_cases(id),
    consent_id      INTEGER NOT NULL REFERENCES rtw_consents(id),
    party           TEXT NOT NULL,
    what            TEXT NOT NULL DEFAULT '',
    disclosed_at    TIMESTAMP NOT NULL
);

CREATE TABLE rtw_adjustments (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    case_id         INTEGER NOT NULL REFERENCES rtw_cases(id),
    staff_id        INTEGER NOT NULL REFERENCES staff(id),
    text            TEXT NOT NULL,
    until_date      TEXT NOT NULL DEFAULT '',
    released_at     TIMESTAMP NOT NULL
);
CREATE INDEX rtw_adjustments_staff ON rtw_adjustments (municipality_id, staff_id);

CREATE TABLE rtw_followups (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    case_id         INTEGER NOT NULL REFERENCES rtw_cases(id),
    months          INTEGER NOT NULL,
    due             TEXT NOT NULL,
    done_at         TIMESTAMP,
    reminded_at     TIMESTAMP
);
CREATE INDEX rtw_followups_due ON rtw_followups (municipality_id, due);
