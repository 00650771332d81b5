-- A programme's 推薦 either decides the place (FALSE) or waits for the
-- center's selection (TRUE, 推薦 → センター選考): the recommended people
-- stay 推薦済 until the center selects or declines them.
ALTER TABLE programs ADD COLUMN recommend_selection BOOLEAN NOT NULL DEFAULT FALSE;
