-- Counts the edits of a session (training.SaveSession). Calendar files give
-- it as the SEQUENCE of the session's events, so a calendar that imported
-- them applies a changed time, venue or cancellation instead of keeping
-- the old version.
ALTER TABLE sessions_training ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
