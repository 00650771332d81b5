-- Indexes found missing by the benchmark suite (BENCHMARKS.md, "Defects").
CREATE INDEX enrolments_staff_only ON enrolments (staff_id);
CREATE INDEX staff_ranks_muni ON staff_ranks (municipality_id, staff_id, from_date);
CREATE INDEX staff_unit_status ON staff (municipality_id, unit_id, status);
