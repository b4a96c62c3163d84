-- Issue 13, item 4: a confirmed false commitment is published once as a credit record on linkage.credit for the
-- city's credit system. One row per case (case_id unique): a second publish of the same case inserts nothing and
-- so writes no second outbox row; body is the message as sent.
create table credit_record (
    id           uuid         primary key,
    case_id      uuid         not null unique,
    decision_id  uuid         not null,
    body         jsonb        not null,
    created_at   timestamptz  not null
);
create index credit_record_decision on credit_record (decision_id);

-- A notice to an address that is no department's (linkage.credit) has no department: no department's feed lists it.
alter table notice alter column department drop not null;
