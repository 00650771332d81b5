-- Foundation: municipalities, organisation, staff registry, accounts, audit.
-- Every tenant-owned table names its municipality (PRODUCT F8).
CREATE TABLE municipalities (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    center_name TEXT NOT NULL DEFAULT '人財育成センター',
    created_at  TIMESTAMP NOT NULL
);

CREATE TABLE ranks (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    name            TEXT NOT NULL,
    ordinal         INTEGER NOT NULL,
    UNIQUE (municipality_id, name)
);

CREATE TABLE org_units (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    parent_id       INTEGER REFERENCES org_units(id),
    name            TEXT NOT NULL,
    level           INTEGER NOT NULL,
    path            TEXT NOT NULL,
    from_fy         INTEGER NOT NULL,
    to_fy           INTEGER,
    successor_id    INTEGER REFERENCES org_units(id),
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX org_units_path ON org_units (municipality_id, path);
CREATE INDEX org_units_parent ON org_units (municipality_id, parent_id);

CREATE TABLE staff (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    number          TEXT NOT NULL,
    family_name     TEXT NOT NULL,
    given_name      TEXT NOT NULL DEFAULT '',
    family_kana     TEXT NOT NULL DEFAULT '',
    given_kana      TEXT NOT NULL DEFAULT '',
    search_text     TEXT NOT NULL DEFAULT '',
    sort_kana       TEXT NOT NULL DEFAULT '',
    gender          TEXT NOT NULL DEFAULT '',
    birth_date      TEXT NOT NULL DEFAULT '',
    hire_date       TEXT NOT NULL,
    employment_type TEXT NOT NULL,
    job_type        TEXT NOT NULL DEFAULT '',
    title           TEXT NOT NULL DEFAULT '',
    rank_id         INTEGER REFERENCES ranks(id),
    rank_since      TEXT NOT NULL DEFAULT '',
    unit_id         INTEGER REFERENCES org_units(id),
    university      TEXT NOT NULL DEFAULT '',
    email           TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT '在職',
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    UNIQUE (municipality_id, number)
);
CREATE INDEX staff_sort ON staff (municipality_id, sort_kana, number);
CREATE INDEX staff_unit ON staff (municipality_id, unit_id);

CREATE TABLE staff_assignments (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    staff_id        INTEGER NOT NULL REFERENCES staff(id),
    unit_id         INTEGER NOT NULL REFERENCES org_units(id),
    from_date       TEXT NOT NULL,
    to_date         TEXT
);
CREATE INDEX staff_assignments_staff ON staff_assignments (staff_id, from_date);

CREATE TABLE staff_ranks (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    staff_id        INTEGER NOT NULL REFERENCES staff(id),
    rank_id         INTEGER REFERENCES ranks(id),
    title           TEXT NOT NULL DEFAULT '',
    from_date       TEXT NOT NULL,
    to_date         TEXT
);
CREATE INDEX staff_ranks_staff ON staff_ranks (staff_id, from_date);

CREATE TABLE promotion_candidates (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    staff_id        INTEGER NOT NULL REFERENCES staff(id),
    fy              INTEGER NOT NULL,
    rank_id         INTEGER NOT NULL REFERENCES ranks(id),
    UNIQUE (staff_id, fy)
);
CREATE INDEX promotion_candidates_fy ON promotion_candidates (municipality_id, fy, rank_id);

CREATE TABLE users (
    id                   INTEGER PRIMARY KEY,
    municipality_id      INTEGER NOT NULL REFERENCES municipalities(id),
    login                TEXT NOT NULL UNIQUE,
    display_name         TEXT NOT NULL DEFAULT '',
    password_hash        TEXT NOT NULL DEFAULT '',
    role                 TEXT NOT NULL,
    unit_id              INTEGER REFERENCES org_units(id),
    staff_id             INTEGER REFERENCES staff(id),
    disabled             BOOLEAN NOT NULL DEFAULT FALSE,
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL
);

CREATE TABLE sessions (
    id              TEXT PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    user_id         INTEGER NOT NULL REFERENCES users(id),
    created_at      TIMESTAMP NOT NULL,
    last_seen_at    TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    user_id         INTEGER NOT NULL REFERENCES users(id),
    name            TEXT NOT NULL DEFAULT '',
    token_hash      TEXT NOT NULL UNIQUE,
    created_at      TIMESTAMP NOT NULL,
    last_used_at    TIMESTAMP
);

CREATE TABLE login_failures (
    id  INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    at  TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);

CREATE TABLE audit_heads (
    municipality_id INTEGER PRIMARY KEY REFERENCES municipalities(id),
    seq             INTEGER NOT NULL,
    last_hash       TEXT NOT NULL
);

CREATE TABLE audit_log (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    seq             INTEGER NOT NULL,
    at              TEXT NOT NULL,
    actor_user_id   INTEGER,
    actor           TEXT NOT NULL,
    action          TEXT NOT NULL,
    entity          TEXT NOT NULL,
    entity_id       TEXT NOT NULL DEFAULT '',
    detail          TEXT NOT NULL DEFAULT '',
    prev_hash       TEXT NOT NULL,
    hash            TEXT NOT NULL,
    UNIQUE (municipality_id, seq)
);
CREATE INDEX audit_log_entity ON audit_log (municipality_id, entity, entity_id);

CREATE TABLE imports (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    user_id         INTEGER REFERENCES users(id),
    filename        TEXT NOT NULL,
    data            BLOB NOT NULL,
    as_of           TEXT NOT NULL,
    retire_missing  BOOLEAN NOT NULL DEFAULT FALSE,
    status          TEXT NOT NULL,
    total           INTEGER NOT NULL DEFAULT 0,
    done            INTEGER NOT NULL DEFAULT 0,
    result          TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
