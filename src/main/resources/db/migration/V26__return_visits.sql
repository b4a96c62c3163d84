-- Issue 13 item 5, rules 三(七): the bureau's return visits (回访) of its decisions, to learn whether supervision is
-- really happening. One visit per decision: a record of what the bureau found on a given day is evidence, so a second
-- visit of the same decision with other content is refused (409) rather than written over. contact is a person's name
-- and telephone (personal data): shown in clear to the bureau only, never logged.
create table return_visit (
    id           uuid         primary key,
    decision_id  uuid         not null references decision (id),
    lineage_id   uuid         not null,
    visited_on   date         not null,
    contact      text         not null,
    finding      text         not null,
    follow_up    text,
    actor        text         not null,
    recorded_at  timestamptz  not null,
    constraint return_visit_once unique (decision_id)
);
-- the decision's timeline shows the visits of every version of its lineage
create index return_visit_lineage on return_visit (lineage_id);
