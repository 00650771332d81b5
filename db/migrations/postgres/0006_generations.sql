-- Generation numbers of a municipality's cached data (staff directory,
-- eligibility inputs). A transaction that changes staff, their history,
-- units or ranks adds 1 to staff_gen; one that changes completions adds 1
-- to completion_gen. They live on the audit chain head because every such
-- transaction already takes that row's lock, so no new lock order appears.
ALTER TABLE audit_heads ADD COLUMN staff_gen BIGINT NOT NULL DEFAULT 0;
ALTER TABLE audit_heads ADD COLUMN completion_gen BIGINT NOT NULL DEFAULT 0;
