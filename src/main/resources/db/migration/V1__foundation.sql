-- Every inbound payload, exactly as it arrived, committed before anything parses it.
create table raw_input (
    id           bigserial primary key,
    source       varchar(32)  not null,
    transport    varchar(32)  not null,
    source_ref   text,
    metadata     jsonb        not null default '{}'::jsonb,
    body         bytea        not null,
    size_bytes   integer      not null,
    truncated    boolean      not null default false,
    sha256       char(64)     not null,
    received_at  timestamptz  not null,
    outcome      varchar(16)  not null default 'RECEIVED',
    outcome_at   timestamptz,
    decision_id  uuid
);
create index raw_input_source_ref on raw_input (source, source_ref);
create index raw_input_received on raw_input (received_at desc);

-- One row per version of a decision; versions of one licence share a lineage.
create table decision (
    id                uuid         primary key,
    lineage_id        uuid         not null,
    version           integer      not null,
    document_number   text         not null,
    decision_type     varchar(16)  not null,
    decision_date     date         not null,
    matter_code       text         not null,
    subject_name      text         not null,
    subject_uscc      varchar(18),
    subject_id_number varchar(18),
    supersedes        text,
    source_system     varchar(32)  not null,
    source_record_id  text         not null,
    fact_hash         char(64)     not null,
    raw_input_id      bigint       references raw_input (id),
    historical        boolean      not null default false,
    routed            boolean      not null,
    payload           jsonb        not null,
    created_at        timestamptz  not null,
    constraint decision_lineage_version unique (lineage_id, version)
);
create index decision_document_number on decision (document_number);
create index decision_source_record on decision (source_system, source_record_id);
create index decision_subject_uscc on decision (subject_uscc);

create table delivery (
    id                uuid         primary key,
    decision_id       uuid         not null references decision (id),
    department        varchar(16)  not null,
    role              varchar(8)   not null,
    channel           varchar(16)  not null,
    status            varchar(24)  not null,
    routing_rule      text         not null,
    routing_version   text         not null,
    sign_due_at       timestamptz,
    start_due_at      timestamptz,
    created_at        timestamptz  not null,
    updated_at        timestamptz  not null
);
create index delivery_decision on delivery (decision_id);
create index delivery_department_status on delivery (department, status);

-- Every status change of a delivery, with its time and actor.
create table delivery_event (
    id           bigserial    primary key,
    delivery_id  uuid         not null references delivery (id),
    status       varchar(24)  not null,
    at           timestamptz  not null,
    actor        text         not null,
    note         text
);
create index delivery_event_delivery on delivery_event (delivery_id, id);

-- Transactional outbox: written in the decision's transaction, drained to the broker in id order.
create table outbox (
    id            bigserial    primary key,
    delivery_id   uuid         not null references delivery (id),
    lineage_id    uuid         not null,
    destination   text         not null,
    duplicate_id  text         not null,
    kind          varchar(16)  not null default 'DECISION',
    body          text         not null,
    created_at    timestamptz  not null,
    attempts      integer      not null default 0,
    last_error    text
);

create table quarantine (
    id            bigserial    primary key,
    raw_input_id  bigint       not null references raw_input (id),
    source        varchar(32)  not null,
    source_ref    text,
    reasons       jsonb        not null,
    status        varchar(16)  not null default 'OPEN',
    created_at    timestamptz  not null,
    resolved_at   timestamptz,
    resolved_by   text
);
create index quarantine_created on quarantine (created_at desc);
create index quarantine_status on quarantine (status);
