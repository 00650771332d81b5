-- Policy teams (PRODUCT W1): a team has a cohort per fiscal year with its
-- members, meetings and one 提言書 whose items are followed across years.
-- Members keep the department, rank and gender they had when chosen, so a
-- later transfer does not rewrite the balance of a past cohort.
CREATE TABLE teams (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    name            TEXT NOT NULL,
    purpose         TEXT NOT NULL DEFAULT '',
    since_fy        INTEGER NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    UNIQUE (municipality_id, name)
);

CREATE TABLE team_cohorts (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    team_id         INTEGER NOT NULL REFERENCES teams(id),
    fy              INTEGER NOT NULL,
    theme           TEXT NOT NULL DEFAULT '',
    selection       TEXT NOT NULL DEFAULT 'nomination',
    created_at      TIMESTAMP NOT NULL,
    UNIQUE (team_id, fy)
);

CREATE TABLE team_members (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    cohort_id       INTEGER NOT NULL REFERENCES team_cohorts(id),
    staff_id        INTEGER NOT NULL REFERENCES staff(id),
    role            TEXT NOT NULL,
    unit_path       TEXT NOT NULL DEFAULT '',
    rank_name       TEXT NOT NULL DEFAULT '',
    gender          TEXT NOT NULL DEFAULT '',
    UNIQUE (cohort_id, staff_id)
);
CREATE INDEX team_members_staff ON team_members (municipality_id, staff_id);

CREATE TABLE team_meetings (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    cohort_id       INTEGER NOT NULL REFERENCES team_cohorts(id),
    held_on         TEXT NOT NULL,
    agenda          TEXT NOT NULL DEFAULT '',
    attendance      TEXT NOT NULL DEFAULT '',
    minutes         TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX team_meetings_cohort ON team_meetings (cohort_id, held_on);

-- Files of meetings and proposals, kept in the database like staff files
-- so that a backup of the database is a backup of everything.
CREATE TABLE team_files (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    cohort_id       INTEGER NOT NULL REFERENCES team_cohorts(id),
    meeting_id      INTEGER REFERENCES team_meetings(id),
    name            TEXT NOT NULL,
    content_type    TEXT NOT NULL,
    size            INTEGER NOT NULL,
    data            BLOB NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX team_files_cohort ON team_files (cohort_id);

CREATE TABLE proposals (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    cohort_id       INTEGER NOT NULL UNIQUE REFERENCES team_cohorts(id),
    title           TEXT NOT NULL,
    presented_on    TEXT NOT NULL DEFAULT '',
    file_id         INTEGER REFERENCES team_files(id),
    created_at      TIMESTAMP NOT NULL
);

CREATE TABLE proposal_items (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    proposal_id     INTEGER NOT NULL REFERENCES proposals(id),
    position        INTEGER NOT NULL,
    text            TEXT NOT NULL,
    measure         TEXT NOT NULL DEFAULT '',
    cost            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX proposal_items_proposal ON proposal_items (proposal_id, position);

-- The departments owning an item, as unit paths, so that a liaison's
-- scope (auth.InPathSQL) finds the items they answer for.
CREATE TABLE proposal_item_units (
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    item_id         INTEGER NOT NULL REFERENCES proposal_items(id),
    unit_path       TEXT NOT NULL,
    PRIMARY KEY (item_id, unit_path)
);

-- One answer per item and fiscal year; answers are never edited, so the
-- rows are the item's history.
CREATE TABLE proposal_responses (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    item_id         INTEGER NOT NULL REFERENCES proposal_items(id),
    fy              INTEGER NOT NULL,
    status          TEXT NOT NULL,
    progress        INTEGER NOT NULL,
    action          TEXT NOT NULL DEFAULT '',
    note            TEXT NOT NULL DEFAULT '',
    answered_by     TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    UNIQUE (item_id, fy)
);
