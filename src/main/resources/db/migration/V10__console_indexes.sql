-- Indexes for the console's pages (measured by ConsolePagesBench with 100,000 decisions).

-- overview throughput chart (decisions of the last hour) and the newest-first decision lists
create index decision_created on decision (created_at);
-- timeline search: applicant name by prefix, matter code
create index decision_subject_name on decision (subject_name text_pattern_ops);
create index decision_matter on decision (matter_code);
-- open deliveries by department and deadline: pending, oldest unsigned, overdue
create index delivery_open_due on delivery (department, sign_due_at, start_due_at, created_at)
    where status in ('PENDING', 'DISPATCHED', 'DELIVERED', 'SIGNED');
-- scorecards and on-time rates: deliveries of a period by department
create index delivery_department_created on delivery (department, created_at);
-- scorecards: SIGNED and ESCALATED events since a period's start, read from the index alone
create index delivery_event_status_at on delivery_event (status, at, delivery_id);
-- quarantine list: open records newest first, by source
create index quarantine_status_id on quarantine (status, id desc);
