-- Issue 13: a commitment mismatch is a case (COMMITMENT_MISMATCH) opened by a verification task's MISMATCH result;
-- the bureau may answer RECTIFY with a date to rectify by (status RECTIFYING until the department reports, or the
-- date passes and the case turns to WILL_REVOKE).
alter table case_file add column task_id uuid;
alter table case_file add column rectify_by timestamptz;
create unique index case_file_task on case_file (task_id) where task_id is not null;
create index case_file_rectifying on case_file (rectify_by) where status = 'RECTIFYING';
