-- Mark the file as a loket database ("LKT1"), so that loket refuses other programs' SQLite files and they can
-- tell ours apart.
PRAGMA application_id = 1280005169;

-- A new audit action, 'restore' (loket restore): the trigger lists every known action.
DROP TRIGGER audit_log_action_known;
CREATE TRIGGER audit_log_action_known BEFORE INSERT ON audit_log
WHEN NEW.action NOT IN (
    'check_in', 'call', 'put_back', 'recall', 'transfer', 'absent', 'photo', 'interview', 'approve',
    'reject', 'ready', 'hand_over', 'dispatch', 'reschedule', 'cancel_no_show', 'withdraw',
    'cancel_uncollected', 'book', 'walk_in', 'payment', 'import_bookings', 'import_watchlist',
    'import_holidays', 'close_day', 'reopen_day', 'setting', 'add_officer', 'disable_officer',
    'set_password', 'set_role', 'sign_in_failed', 'account_locked', 'restore', 'refused_close_day',
    'refused_check_in', 'demo', 'legacy')
BEGIN
    SELECT RAISE(ABORT, 'unknown audit action');
END;
