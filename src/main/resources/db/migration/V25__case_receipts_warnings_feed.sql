-- Issue 12, item 3: a case is chased like a delivery. warn_at is when the bureau is warned that the reply deadline
-- is near (the deliveries' rule: warn-fraction of a duration, the start of the last day of working days), computed
-- at filing; warned_at when that WARNING went out, once. Cases filed before this migration warn a day before.
alter table case_file add column warn_at timestamptz;
alter table case_file add column warned_at timestamptz;
update case_file set warn_at = greatest(filed_at, reply_due_at - interval '1 day') where reply_due_at is not null;
create index case_file_warn_due on case_file (warn_at) where warned_at is null and status in ('OPEN', 'SIGNED');

-- Every message the hub sent about a case (CASE, CASE_REPLY, WARNING, ESCALATION), to whom, whatever the
-- department's channel: the pull channel (GET /api/v1/departments/{code}/deliveries) lists them beside the
-- deliveries, so a browser department reads its replies as it reads its decisions.
create table case_message (
    id            uuid         primary key,
    case_id       uuid         not null references case_file (id),
    department    varchar(16)  not null,
    message_type  varchar(16)  not null,
    duplicate_id  text         not null unique,
    body          jsonb        not null,
    created_at    timestamptz  not null
);
create index case_message_feed on case_message (department, created_at, id);
