-- Issue 13: a grant made on a commitment (告知承诺) is checked by its PRIMARY department within commitments.verifyWithin
-- (deadlines.yaml, default 20wd). One task per decision and department; a later REVOKE or CANCEL of the lineage closes
-- it. Owned by the commitments feature.
create table verification_task (
    id                  uuid         primary key,
    decision_id         uuid         not null references decision (id),
    lineage_id          uuid         not null,
    department          varchar(16)  not null,
    document_number     text         not null,
    matter_code         text         not null,
    status              varchar(16)  not null,
    due_at              timestamptz  not null,
    warn_at             timestamptz  not null,
    warned_at           timestamptz,
    escalated_at        timestamptz,
    result              varchar(16),
    summary             text,
    result_at           timestamptz,
    result_by           text,
    case_id             uuid,
    closed_by_decision  uuid,
    opened_at           timestamptz  not null,
    updated_at          timestamptz  not null,
    unique (decision_id, department)
);
create index verification_task_department on verification_task (department, status, due_at);
create index verification_task_lineage on verification_task (lineage_id) where status = 'OPEN';
create index verification_task_warn on verification_task (warn_at) where status = 'OPEN' and warned_at is null;
create index verification_task_due on verification_task (due_at) where status = 'OPEN' and escalated_at is null;

create table verification_task_event (
    id       bigserial    primary key,
    task_id  uuid         not null references verification_task (id),
    status   varchar(16)  not null,
    at       timestamptz  not null,
    actor    text         not null,
    note     text
);
create index verification_task_event_task on verification_task_event (task_id, at);

