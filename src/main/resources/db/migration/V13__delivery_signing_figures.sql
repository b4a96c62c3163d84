-- The oversight figures (scorecards, departments' on-time rate) read a period's deliveries alone: when each was
-- first signed for, how many working days that took, and how often it was escalated live on the delivery row,
-- kept by the database from delivery_event, so every path that records a receipt (REST, queue, console) and every
-- escalation is covered without its Java code knowing. ConsolePagesBench measures the pages with 100,000 decisions.
alter table delivery
    add column signed_at          timestamptz,
    add column sign_working_days  integer,
    add column escalations        integer not null default 0;

-- The working-day calendar's departures from Monday–Friday (weekday holidays: false; make-up Saturdays and Sundays:
-- true), kept equal to mappings/calendar/ by WorkingDayTable at every start-up. Years without a file count
-- Monday–Friday, as WorkingDayCalendar does.
create table working_day_exception (
    day      date     primary key,
    working  boolean  not null
);

-- WorkingDayCalendar.workingDaysBetween in SQL: working days d with from_day < d <= to_day, 0 when to_day <= from_day.
create function working_days_between(from_day date, to_day date) returns integer
language sql stable as $$
    select ((select count(*) from generate_series(from_day + 1, to_day, interval '1 day') g(d)
             where extract(isodow from g.d) < 6)
          + coalesce((select sum(case when w.working then 1 else -1 end) from working_day_exception w
                      where w.day > from_day and w.day <= to_day), 0))::integer
$$;

-- Days are Beijing calendar days: a delivery's age in working days is counted as the console counts it.
create function delivery_sign_working_days(created_at timestamptz, signed_at timestamptz) returns integer
language sql stable as $$
    select working_days_between((created_at at time zone 'Asia/Shanghai')::date,
                                (signed_at at time zone 'Asia/Shanghai')::date)
$$;

create function delivery_event_to_delivery() returns trigger
language plpgsql as $$
begin
    if new.status = 'SIGNED' then
        update delivery d set signed_at = new.at, sign_working_days = delivery_sign_working_days(d.created_at, new.at)
        where d.id = new.delivery_id and (d.signed_at is null or d.signed_at > new.at);
    elsif new.status = 'ESCALATED' then
        update delivery set escalations = escalations + 1 where id = new.delivery_id;
    end if;
    return null;
end
$$;

create trigger delivery_event_to_delivery after insert on delivery_event
    for each row when (new.status in ('SIGNED', 'ESCALATED')) execute function delivery_event_to_delivery();

-- Deliveries recorded before this migration. Working days count Monday–Friday here (the exception table is still
-- empty); WorkingDayTable recounts the rows its first fill affects.
update delivery d set signed_at = e.signed_at, escalations = e.escalations,
       sign_working_days = case when e.signed_at is not null then delivery_sign_working_days(d.created_at, e.signed_at) end
from (select delivery_id, min(at) filter (where status = 'SIGNED') as signed_at,
             count(*) filter (where status = 'ESCALATED') as escalations
      from delivery_event where status in ('SIGNED', 'ESCALATED') group by delivery_id) e
where e.delivery_id = d.id;

-- scorecards: a period's deliveries with every column the figures read, from the index alone
create index delivery_signing_figures on delivery (created_at)
    include (department, status, sign_due_at, start_due_at, signed_at, sign_working_days, escalations);
-- the scorecards no longer read events by status and time
drop index delivery_event_status_at;
-- departments' load (pending, oldest unsigned, overdue) from the index alone
create index delivery_open_load on delivery (department) include (status, created_at, sign_due_at, start_due_at)
    where status in ('PENDING', 'DISPATCHED', 'DELIVERED', 'SIGNED');
drop index delivery_open_due;
