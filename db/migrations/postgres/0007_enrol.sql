-- Certificate numbers: the highest of a program's fiscal year is read from
-- this index (training.nextCertificateSeq) instead of a scan of the
-- municipality's completions.
CREATE INDEX completions_program_fy ON completions (municipality_id, program_id, fy, certificate_no);

-- Counts the takings of a session's lock (training.lockSession) and the
-- changes of the session (SaveSession). A nomination on PostgreSQL locks the
-- session and reads its seats in one statement, whose snapshot predates the
-- lock; the read is used only when the counter shows nobody came between.
ALTER TABLE sessions_training ADD COLUMN enrol_seq BIGINT NOT NULL DEFAULT 0;
