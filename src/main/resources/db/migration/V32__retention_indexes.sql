-- Retention (package retention) deletes raw inputs that nothing references. PostgreSQL checks every foreign key
-- that points at raw_input on each delete, and RawInputStore asks the same question before it; without an index on
-- the referencing column each of those checks reads the whole referencing table.
create index decision_raw_input on decision (raw_input_id);
create index quarantine_raw_input on quarantine (raw_input_id);
create index case_file_raw_input on case_file (raw_input_id);
create index receipt_refusal_raw_input on receipt_refusal (raw_input_id);
