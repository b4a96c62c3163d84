-- Issue 12, item 3: a case is chased like a delivery. warn_at is when the bureau is warned that the reply deadline
-- is near (the deliveries' rule: warn-fraction of a duration, the start of the last day of working days), computed
-- at filing; warned_at when that WARNING went out, once. Cases filed before this migration warn a day before.
alter table case_file add column warn_at timestamptz;
alter table case_file add column warned_at timestamptz;
update case_file set warn_at = greatest(filed_at, reply_due_at - interval '1 day') where reply_due_at is not null;
create index case_file_warn_due on case_file (warn_at) where warned_at is null and status in ('OPEN', 'SIGNED');

-- Messages to a department that are not deliveries (a case's CASE, CASE_REPLY, CASE_REFUSED, WARNING, ESCALATION;
-- later a verification task's): written by the delivery feature (delivery.Notices) with their outbox row, whatever
-- the department's channel; the pull channel (GET /api/v1/departments/{code}/deliveries) lists them beside the
-- deliveries, and the message carries <about>Id (e.g. caseId) as a broker property or an HTTP header.
create table notice (
    id            uuid         primary key,
    department    varchar(16)  not null,
    message_type  varchar(16)  not null,
    about         varchar(16),
    about_id      uuid,
    duplicate_id  text         not null unique,
    body          jsonb        not null,
    created_at    timestamptz  not null
);
create index notice_feed on notice (department, created_at, id);
create index notice_about on notice (about, about_id);
alter table outbox add column notice_id uuid references notice (id);
-- what outbox.case_id said, the notice now says for every kind of notice
alter table outbox drop column case_id;
