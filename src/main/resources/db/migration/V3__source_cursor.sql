-- Where each polled platform's next read starts (the hall's nextSince, the view's last SJC and ID).
-- Written in the same transaction as the last records of a walk, so a crash repeats the walk, never skips it.
create table source_cursor (
    source      varchar(32)  primary key,
    position    text         not null,
    updated_at  timestamptz  not null
);
