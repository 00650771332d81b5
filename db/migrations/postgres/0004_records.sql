-- Training records (PRODUCT T5–T7): the free-text part of an absence
-- reason, one certificate number per municipality, and one survey answer
-- per attendee and session whatever version of the questionnaire.
ALTER TABLE attendance ADD COLUMN absence_note TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX completions_certificate ON completions (municipality_id, certificate_no) WHERE certificate_no <> '';
CREATE UNIQUE INDEX survey_responses_once ON survey_responses (session_id, staff_id);
CREATE INDEX attendance_staff ON attendance (municipality_id, staff_id);
CREATE INDEX reports_status ON reports (municipality_id, status);
CREATE INDEX instructor_topics_staff ON instructor_topics (municipality_id, staff_id);
CREATE INDEX surveys_program ON surveys (municipality_id, program_id);
