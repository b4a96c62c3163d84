-- Issue 12: CASE and CASE_REPLY messages leave through the outbox like decisions and warnings; they belong to a
-- case, not to a delivery.
alter table outbox alter column delivery_id drop not null;
alter table outbox add column case_id uuid references case_file (id);
