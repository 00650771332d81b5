-- A staff import in progress holds a lease that its process renews while it
-- runs (unix milliseconds, so that both engines compare it as a number). An
-- import whose lease ran out was left by a process that died; it is taken
-- back to where it can be tried again, with notice saying so.
ALTER TABLE imports ADD COLUMN lease_until INTEGER;
ALTER TABLE imports ADD COLUMN notice TEXT NOT NULL DEFAULT '';
