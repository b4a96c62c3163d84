-- Issue 16: several hubs on one database. cluster_lock is Spring Integration's JDBC lock table (its
-- schema-postgresql.sql, prefix CLUSTER_): one row per elected job (a Camel master: namespace) held by the hub that
-- runs it, renewed while it lives and taken over once it is older than linkage.cluster.lock-ttl.
create table cluster_lock (
    lock_key     char(36)     not null,
    region       varchar(100) not null,
    client_id    char(36),
    created_date timestamp    not null,
    constraint cluster_lock_pk primary key (lock_key, region)
);

-- Every hub that runs says so here, and what it leads, every linkage.cluster.heartbeat; the console lists the hubs
-- whose heartbeat is recent. A row is the hub's own: it is written by nobody else.
create table hub_node (
    node_id      text        primary key,
    base_url     text,
    started_at   timestamptz not null,
    heartbeat_at timestamptz not null,
    -- the namespaces this hub leads now, and since when: {"deadline-scan": "2026-...Z", ...}
    leads        jsonb       not null default '{}'::jsonb
);
