-- Each source's health as /actuator/health/sources, the console and the linkage_source_* gauges show it: last success,
-- last error, the platform's newest record and how many records the source brought. Kept here so that a restart does
-- not forget it (a source that failed before the restart would otherwise show UP with no history, and its record
-- count would start from 0). SourceMonitor keeps it in memory and writes changed sources behind every
-- linkage.sources.health-flush-interval and at shutdown. Several hubs may share this table: each adds its own new
-- records to `records` and keeps the later of each time, so none overwrites another's.
create table source_state (
    source            varchar(32)  primary key,
    last_success      timestamptz,
    last_error        text,
    last_error_at     timestamptz,
    newest_record_at  timestamptz,
    records           bigint       not null default 0,
    updated_at        timestamptz  not null
);
