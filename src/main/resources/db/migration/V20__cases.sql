-- Issue 12: departments' letters to the approval bureau (函告) and the bureau's replies (函复).
-- One row per case; the same case_ref from the same department is the same case.
create table case_file (
    id                 uuid         primary key,
    department         varchar(16)  not null,
    case_ref           text         not null,
    case_type          varchar(32)  not null,
    status             varchar(24)  not null,
    summary            text         not null,
    bureau             varchar(16)  not null,
    requested_action   varchar(16),
    decision_id        uuid         references decision (id),
    lineage_id         uuid,
    document_number    text,
    letter             jsonb,
    fields             jsonb        not null,
    raw_input_id       bigint       references raw_input (id),
    reply_due_at       timestamptz,
    filed_at           timestamptz  not null,
    updated_at         timestamptz  not null,
    closed_by_decision uuid         references decision (id),
    constraint case_file_ref unique (department, case_ref)
);
create index case_file_bureau_status on case_file (bureau, status);
create index case_file_lineage on case_file (lineage_id);
create index case_file_filed on case_file (filed_at desc);

-- Every status change of a case, with its time and actor.
create table case_event (
    id       bigserial    primary key,
    case_id  uuid         not null references case_file (id),
    status   varchar(24)  not null,
    at       timestamptz  not null,
    actor    text         not null,
    note     text
);
create index case_event_case on case_event (case_id, id);

-- The bureau's reply: one per case.
create table case_reply (
    case_id  uuid         primary key references case_file (id),
    outcome  varchar(24)  not null,
    letter   jsonb,
    note     text,
    reason   text,
    at       timestamptz  not null,
    actor    text         not null
);

-- The decisions a case is about beyond the one it names (a penalty's party's decisions).
create table case_decision (
    case_id     uuid  not null references case_file (id),
    decision_id uuid  not null references decision (id),
    primary key (case_id, decision_id)
);

-- Files attached to a case, each kept with its sha256.
create table case_attachment (
    id            uuid         primary key,
    case_id       uuid         not null references case_file (id),
    file_name     text         not null,
    content_type  text,
    size_bytes    integer      not null,
    sha256        char(64)     not null,
    body          bytea        not null,
    uploaded_at   timestamptz  not null,
    uploaded_by   text         not null
);
create index case_attachment_case on case_attachment (case_id);
