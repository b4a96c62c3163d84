-- Issue 13: a rectification is chased like a delivery: the filing department is warned at the start of the last day
-- to rectify by (rectify_warned_at, once), and the oversight office is told when the day passes with nothing reported.
alter table case_file add column rectify_warned_at timestamptz;
