-- Every load of the routing table (matters.yaml) and the department registry (departments.yaml): what was
-- read (content hash and version), by whom, when, and whether it went into force or was refused and why.
create table routing_table_load (
    id            bigserial    primary key,
    file          varchar(32)  not null,
    location      text         not null,
    sha256        char(64)     not null,
    version       text,
    status        varchar(16)  not null,
    error         text,
    loaded_by     text         not null,
    loaded_at     timestamptz  not null
);
create index routing_table_load_file on routing_table_load (file, id desc);

-- A receipt the hub refused (malformed, foreign, unknown delivery, bad status): the raw message is in
-- raw_input; this says why, so an operator sees it. Never redelivered.
create table receipt_refusal (
    id            bigserial    primary key,
    raw_input_id  bigint       not null references raw_input (id),
    transport     varchar(16)  not null,
    sender        text,
    delivery_id   text,
    reason        text         not null,
    created_at    timestamptz  not null
);
create index receipt_refusal_created on receipt_refusal (created_at desc);

-- The broker's own id of each message on a department queue, joined from two sides that may arrive in
-- either order: the divert copy made when the message was routed (its delivery id) and the broker's
-- MESSAGE_DELIVERED notification, which names only the broker's id (when a consumer received it).
create table queue_message (
    queue              text         not null,
    broker_message_id  bigint       not null,
    delivery_id        uuid,
    message_type       varchar(16),
    delivered_at       timestamptz,
    recorded_at        timestamptz  not null,
    primary key (queue, broker_message_id)
);

-- A returned delivery re-routed by an operator points at its successor.
alter table delivery add column rerouted_to uuid references delivery (id);
-- Incremental reads of the pull channel walk updated_at, then id.
create index delivery_department_updated on delivery (department, updated_at, id);
