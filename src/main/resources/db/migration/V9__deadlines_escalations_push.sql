-- Deadline watch: when the scanner must next look at a delivery's sign-for and start deadlines. It starts at the
-- warning time, moves to the deadline once warned, and is cleared when the deadline is met or escalated, so the
-- partial indexes hold only deliveries whose deadlines are still open, however many years of history pile up.
alter table delivery
    add column sign_warn_at    timestamptz,
    add column start_warn_at   timestamptz,
    add column sign_check_at   timestamptz,
    add column start_check_at  timestamptz;
create index delivery_sign_check on delivery (sign_check_at) where sign_check_at is not null;
create index delivery_start_check on delivery (start_check_at) where start_check_at is not null;

-- Lateness reported to the oversight office (督查室): one row per delivery and deadline at most.
create table escalation (
    id               uuid         primary key,
    delivery_id      uuid         not null references delivery (id),
    department       varchar(16)  not null,
    document_number  text         not null,
    matter_code      text         not null,
    kind             varchar(8)   not null check (kind in ('SIGN', 'START')),
    due_at           timestamptz  not null,
    escalated_at     timestamptz  not null,
    status           varchar(24)  not null,
    constraint escalation_once unique (delivery_id, kind)
);
create index escalation_escalated on escalation (escalated_at desc);
create index escalation_department on escalation (department, escalated_at desc);

-- Outbox rows by channel: the queue drainer reads only 'queue' rows, the HTTP pusher only 'http' rows, each
-- department's in its own lane with its own persisted back-off; a poison message is parked, not dropped.
alter table outbox
    add column channel          varchar(16)  not null default 'queue',
    add column department       varchar(16),
    add column next_attempt_at  timestamptz,
    add column parked_at        timestamptz;
create index outbox_queue_order on outbox (id) where channel = 'queue';
create index outbox_push_lane on outbox (department, id) where channel = 'http';
