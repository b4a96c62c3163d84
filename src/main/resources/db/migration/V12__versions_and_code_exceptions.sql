-- A change can arrive before the grant it supersedes: the grant finds its lineage through supersedes.
create index decision_supersedes on decision (supersedes) where supersedes is not null;

-- Known-bad codes an operator has excused, with why and who (real registers hold a few USCCs and ID
-- numbers whose check character is wrong); a record quarantined for such a code can then be released.
create table code_exception (
    id             bigserial    primary key,
    field          varchar(64)  not null,
    value          text         not null,
    reason         text         not null,
    created_by     text         not null,
    created_at     timestamptz  not null,
    quarantine_id  bigint       references quarantine (id),
    constraint code_exception_field_value unique (field, value)
);
