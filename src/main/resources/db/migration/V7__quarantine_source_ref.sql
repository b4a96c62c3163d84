-- The daily reconciliation asks, per listed event, whether its event id is already in quarantine.
create index quarantine_source_ref on quarantine (source, source_ref);
