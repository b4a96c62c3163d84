-- Operator actions, each with who, when, what, and the state before and after.
create table audit_log (
    id       bigserial    primary key,
    at       timestamptz  not null,
    actor    text         not null,
    action   varchar(48)  not null,
    target   text         not null,
    before   jsonb,
    after    jsonb
);
create index audit_log_target on audit_log (target);

alter table quarantine add column replayed_as jsonb;
