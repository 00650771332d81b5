-- The center's work beyond the city hall (issue 19): partner organisations
-- with their agreements and activities, university courses taught by staff,
-- secondments with their reports, and joint training run by outside bodies
-- with the city's quota and applications.

CREATE TABLE partners (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL,
    contact         TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    UNIQUE (municipality_id, name)
);

CREATE TABLE partner_agreements (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    partner_id      INTEGER NOT NULL REFERENCES partners(id),
    kind            TEXT NOT NULL,
    signed_on       TEXT NOT NULL,
    ends_on         TEXT NOT NULL DEFAULT '',
    auto_renew      BOOLEAN NOT NULL DEFAULT FALSE,
    scope           TEXT NOT NULL DEFAULT '',
    department      TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX partner_agreements_partner ON partner_agreements (municipality_id, partner_id);

CREATE TABLE partner_activities (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    partner_id      INTEGER NOT NULL REFERENCES partners(id),
    on_date         TEXT NOT NULL,
    fy              INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    title           TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX partner_activities_fy ON partner_activities (municipality_id, fy);

CREATE TABLE university_courses (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    partner_id      INTEGER NOT NULL REFERENCES partners(id),
    fy              INTEGER NOT NULL,
    name            TEXT NOT NULL,
    term            TEXT NOT NULL,
    credits         INTEGER NOT NULL DEFAULT 0,
    coordinator     TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX university_courses_fy ON university_courses (municipality_id, fy);

CREATE TABLE university_lectures (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    course_id       INTEGER NOT NULL REFERENCES university_courses(id),
    on_date         TEXT NOT NULL,
    topic           TEXT NOT NULL DEFAULT '',
    hours           REAL NOT NULL DEFAULT 0,
    attendance      INTEGER NOT NULL DEFAULT 0,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX university_lectures_course ON university_lectures (municipality_id, course_id);

-- The lecturer's unit is kept as it was on the day, so a later transfer
-- does not move past lectures to another department's figures.
CREATE TABLE university_lecturers (
    lecture_id      INTEGER NOT NULL REFERENCES university_lectures(id),
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    staff_id        INTEGER NOT NULL REFERENCES staff(id),
    unit_name       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (lecture_id, staff_id)
);
CREATE INDEX university_lecturers_staff ON university_lecturers (municipality_id, staff_id);

CREATE TABLE secondments (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    staff_id        INTEGER NOT NULL REFERENCES staff(id),
    host            TEXT NOT NULL,
    kind            TEXT NOT NULL,
    basis           TEXT NOT NULL,
    from_on         TEXT NOT NULL,
    to_on           TEXT NOT NULL,
    fy              INTEGER NOT NULL,
    costs           TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX secondments_period ON secondments (municipality_id, from_on, to_on);

CREATE TABLE secondment_reports (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    secondment_id   INTEGER NOT NULL REFERENCES secondments(id),
    kind            TEXT NOT NULL,
    due_on          TEXT NOT NULL,
    submitted_on    TEXT NOT NULL DEFAULT '',
    file_name       TEXT NOT NULL DEFAULT '',
    content         BLOB,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX secondment_reports_due ON secondment_reports (municipality_id, secondment_id, due_on);

CREATE TABLE joint_programmes (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    fy              INTEGER NOT NULL,
    name            TEXT NOT NULL,
    host            TEXT NOT NULL,
    quota           INTEGER NOT NULL,
    policy          TEXT NOT NULL DEFAULT 'first_come',
    starts_on       TEXT NOT NULL,
    ends_on         TEXT NOT NULL,
    hours           REAL NOT NULL DEFAULT 0,
    apply_by        TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX joint_programmes_fy ON joint_programmes (municipality_id, fy);

CREATE TABLE joint_applications (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    programme_id    INTEGER NOT NULL REFERENCES joint_programmes(id),
    staff_id        INTEGER NOT NULL REFERENCES staff(id),
    status          TEXT NOT NULL,
    late_reason     TEXT NOT NULL DEFAULT '',
    applied_at      TIMESTAMP NOT NULL,
    UNIQUE (programme_id, staff_id)
);
CREATE INDEX joint_applications_programme ON joint_applications (municipality_id, programme_id);
