-- The supervisors' report reads a range of days: these indexes bound its queries by the range instead of
-- scanning every application or the whole audit log (checked with EXPLAIN QUERY PLAN in tests/report_plan.rs).
CREATE INDEX applications_ready_at ON applications (ready_at) WHERE ready_at IS NOT NULL;
CREATE INDEX applications_handed_over_at ON applications (handed_over_at) WHERE handed_over_at IS NOT NULL;
CREATE INDEX applications_cancelled_at ON applications (cancelled_at) WHERE cancelled_at IS NOT NULL;
-- A reschedule's audit detail starts with the slot date it moved away from ("special: " first for special ones).
CREATE INDEX audit_reschedule_from ON audit_log (
    CASE WHEN detail LIKE 'special:%' THEN substr(detail, 10, 10) ELSE substr(detail, 1, 10) END
) WHERE action = 'reschedule';
CREATE INDEX counter_sessions_signed_in ON counter_sessions (signed_in_at);
