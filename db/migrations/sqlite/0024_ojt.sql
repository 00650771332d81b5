-- OJT for new hires (issue 18, PRODUCT T8). One plan per trainee and fiscal
-- year; the term runs from April 1 (or a mid-year hire date) to March 31.
-- unit_id and trainer_unit_id hold the units as they were when the plan was
-- made and the trainer named, so a personnel import that moves either shows.
CREATE TABLE ojt_plans (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    fy              INTEGER NOT NULL,
    trainee_id      INTEGER NOT NULL REFERENCES staff(id),
    unit_id         INTEGER REFERENCES org_units(id),
    job_family      TEXT NOT NULL DEFAULT '',
    start_date      TEXT NOT NULL,
    end_date        TEXT NOT NULL,
    trainer_id      INTEGER REFERENCES staff(id),
    trainer_unit_id INTEGER REFERENCES org_units(id),
    override_reason TEXT NOT NULL DEFAULT '',
    state           TEXT NOT NULL DEFAULT 'active',
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    UNIQUE (municipality_id, fy, trainee_id)
);
CREATE INDEX ojt_plans_trainer ON ojt_plans (municipality_id, trainer_id);

-- Every trainer a plan had, with the part of the term they served; being a
-- trainer counts in the trainer's own record and makes a "former trainer".
CREATE TABLE ojt_trainers (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    plan_id         INTEGER NOT NULL REFERENCES ojt_plans(id),
    trainer_id      INTEGER NOT NULL REFERENCES staff(id),
    from_date       TEXT NOT NULL,
    to_date         TEXT NOT NULL DEFAULT '',
    warnings        TEXT NOT NULL DEFAULT '',
    override_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ojt_trainers_staff ON ojt_trainers (municipality_id, trainer_id);

-- The 期間別マスタープラン: one row per month of the term, with the trainee's
-- reflection and the trainer's comment.
CREATE TABLE ojt_goals (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    plan_id         INTEGER NOT NULL REFERENCES ojt_plans(id),
    month           TEXT NOT NULL,
    goal            TEXT NOT NULL DEFAULT '',
    done            INTEGER NOT NULL DEFAULT 0,
    reflection      TEXT NOT NULL DEFAULT '',
    trainer_comment TEXT NOT NULL DEFAULT '',
    UNIQUE (plan_id, month)
);

-- The 指導項目リスト with mastery levels 0–3 (できない … 指導できる).
CREATE TABLE ojt_items (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    plan_id         INTEGER NOT NULL REFERENCES ojt_plans(id),
    position        INTEGER NOT NULL,
    name            TEXT NOT NULL,
    competency_code TEXT NOT NULL DEFAULT '',
    level           INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ojt_items_plan ON ojt_items (plan_id, position);

-- The 所属長's review and sign-off: quarters 1–4, and 5 for the year's end.
CREATE TABLE ojt_reviews (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    plan_id         INTEGER NOT NULL REFERENCES ojt_plans(id),
    quarter         INTEGER NOT NULL,
    comment         TEXT NOT NULL DEFAULT '',
    signed_by       TEXT NOT NULL DEFAULT '',
    signed_on       TEXT NOT NULL,
    UNIQUE (plan_id, quarter)
);

-- Templates per job family (事務, 技術, 保健師, 保育士…), kept by the center:
-- goals one per line (April first), check items one per line.
CREATE TABLE ojt_templates (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    job_family      TEXT NOT NULL,
    goals           TEXT NOT NULL DEFAULT '',
    items           TEXT NOT NULL DEFAULT '',
    UNIQUE (municipality_id, job_family)
);

-- The competency framework (PRODUCT T9), versioned by the date of the 規程
-- revision: the 目指す職員像, competencies in areas, and the level each rank
-- (and optionally job family) requires. Ranks are named, not referenced,
-- so a version keeps its meaning when the ladder is edited.
CREATE TABLE competency_versions (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    revised_on      TEXT NOT NULL,
    vision          TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    UNIQUE (municipality_id, revised_on)
);

CREATE TABLE competencies (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    version_id      INTEGER NOT NULL REFERENCES competency_versions(id),
    position        INTEGER NOT NULL,
    code            TEXT NOT NULL,
    area            TEXT NOT NULL DEFAULT '',
    name            TEXT NOT NULL,
    definition      TEXT NOT NULL DEFAULT '',
    indicators      TEXT NOT NULL DEFAULT '',
    UNIQUE (version_id, code)
);

CREATE TABLE competency_levels (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    competency_id   INTEGER NOT NULL REFERENCES competencies(id),
    rank_name       TEXT NOT NULL,
    job_family      TEXT NOT NULL DEFAULT '',
    level           INTEGER NOT NULL,
    UNIQUE (competency_id, rank_name, job_family)
);

-- Which competencies a catalog programme develops, by competency code so
-- the mapping survives a new version of the framework.
CREATE TABLE program_competencies (
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    program_id      INTEGER NOT NULL REFERENCES programs(id),
    competency_code TEXT NOT NULL,
    PRIMARY KEY (program_id, competency_code)
);
CREATE INDEX program_competencies_code ON program_competencies (municipality_id, competency_code);
