-- OJT reminders and the 自己申告 career note (issue 18, left out before).

-- Each reminder sent, once per plan, kind, period and recipient: the
-- periodic job inserts here first and writes the notice only when the row
-- is new, so a restart or a second server never sends it twice.
-- kind: reflection (trainee), comment (trainer), review (所属長);
-- period: YYYY-MM for a month, q1–q4 or end for a sign-off.
CREATE TABLE ojt_reminders (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    plan_id         INTEGER NOT NULL REFERENCES ojt_plans(id),
    kind            TEXT NOT NULL,
    period          TEXT NOT NULL,
    staff_id        INTEGER NOT NULL REFERENCES staff(id),
    sent_at         TIMESTAMP NOT NULL,
    UNIQUE (plan_id, kind, period, staff_id)
);

-- The 自己申告 career note (キャリアデザイン): once a fiscal year each staff
-- member writes their wishes; the 所属長 may add a comment. Lists are one
-- entry per line.
CREATE TABLE career_notes (
    id                 INTEGER PRIMARY KEY,
    municipality_id    INTEGER NOT NULL REFERENCES municipalities(id),
    staff_id           INTEGER NOT NULL REFERENCES staff(id),
    fy                 INTEGER NOT NULL,
    fields             TEXT NOT NULL DEFAULT '',
    skills             TEXT NOT NULL DEFAULT '',
    trainings          TEXT NOT NULL DEFAULT '',
    free_text          TEXT NOT NULL DEFAULT '',
    submitted_at       TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    supervisor_comment TEXT NOT NULL DEFAULT '',
    commented_by       TEXT NOT NULL DEFAULT '',
    commented_at       TIMESTAMP,
    UNIQUE (municipality_id, staff_id, fy)
);
