-- Migration 6: indexes that bound the desk's queries by the day, the applicant or the range, so their cost
-- follows the day and not the years of history (issue 11). Checked by tests/query_plans.rs.

-- (status, ready_date) over every application let the planner walk all of a status's history (e.g. every
-- checked-in applicant ever, for "call next"). The statuses that matter here are small, live sets: index
-- those alone, in the passports-due list's order, so it pages by due date.
DROP INDEX applications_ready;
CREATE INDEX applications_due_approved ON applications (ready_date, booking_code) WHERE status = 'approved';
CREATE INDEX applications_due_ready ON applications (ready_date, booking_code) WHERE status = 'ready';

-- Ready passports not yet collected, by when they were made ready (day close, the report's uncollected backlog).
CREATE INDEX applications_ready_backlog ON applications (ready_at) WHERE status = 'ready';

-- A walk-in's counter-paid billing code is the next one after its day's prefix: a range on this index.
CREATE INDEX applications_billing ON applications (billing_code);

-- The sessions open now (floor view, sign-in), without reading every closed one.
CREATE INDEX counter_sessions_open_now ON counter_sessions (counter_no) WHERE signed_out_at IS NULL;
