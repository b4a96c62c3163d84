-- Issue 12: a case the bureau has not answered by its reply deadline is escalated to the oversight office, once.
alter table case_file add column escalated_at timestamptz;
create index case_file_reply_due on case_file (reply_due_at) where escalated_at is null and status in ('OPEN', 'SIGNED');
