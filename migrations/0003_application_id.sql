-- Mark the file as a loket database ("LKT1"), so that loket refuses other programs' SQLite files and they can
-- tell ours apart.
PRAGMA application_id = 1280005169;
