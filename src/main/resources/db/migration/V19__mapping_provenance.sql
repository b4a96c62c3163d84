-- Which source mapping (mappings/sources/<name>.yaml) made each decision, and which one read each quarantined
-- record (it refused it, or — rule no-route — the routing table refused what it made): after a mapping fix, a
-- reload and a replay, the quarantine entry still names the version that refused the record and the new decision
-- names the version that accepted it. The hub's own bookkeeping: the canonical
-- decision in `payload` (schemaVersion 1, what departments receive) does not carry it.
--
-- Three columns, not one 'name@version' text: a query for what one version made needs no string parsing, and the
-- version compares as a number. The version is what the file's editor bumped; the sha256 of the file's bytes
-- (the same as GET /api/v1/mappings and the mappings.reload audit entries show) settles which text it was when an
-- edit forgot to bump it. No index: nothing reads by mapping yet, and each index costs every insert.
--
-- Null means not recorded: rows made before this migration, and quarantine entries refused before any mapping
-- read the input (a bad webhook signature, an oversized OA file, a CSV file that cannot be read as the documented
-- CSV). Paper decisions are no exception: they pass mappings/sources/manual.yaml (one entered decision) or
-- manual-csv.yaml (each CSV row), which validate them, and record that mapping like every platform's decision.
alter table decision
    add column mapping_name    text,
    add column mapping_version integer,
    add column mapping_sha256  char(64);

alter table quarantine
    add column mapping_name    text,
    add column mapping_version integer,
    add column mapping_sha256  char(64);
