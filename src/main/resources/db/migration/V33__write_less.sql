-- Issue 17, item 3: write less per decision. FastPathBench's SQL profile of main: no update of delivery was HOT, so
-- each of a delivery's status changes (DISPATCHED, DELIVERED, SIGNED) wrote an entry into every one of its ten
-- indexes, and the DISPATCHED update was the single most expensive statement; the figures' trigger appended two rows
-- per changed delivery, which the fold then deleted.
--
-- The transport's steps (PENDING → DISPATCHED → DELIVERED) now change no indexed column, so PostgreSQL updates the
-- row in place on its page (HOT) and writes no index entry at all:
--  * phase is the status with those three steps folded into UNSIGNED, kept by the database (a generated column), and
--    every index and every page that asks "open? signed? returned?" reads phase, not status;
--  * updated_at is when the delivery last changed phase (routed, signed for, supervision started, returned,
--    re-routed): the transport's steps are in its history and its status, and the pull feed, which walks updated_at,
--    lists a delivery once when new and again at each change of what the department has to do;
--  * fillfactor leaves a sixth of each page free for the new versions.
-- A generated column rewrites the table, which then honours the fillfactor set before it.
alter table delivery set (fillfactor = 85);
alter table delivery add column phase varchar(24) not null generated always as (
    case when status in ('PENDING', 'DISPATCHED', 'DELIVERED') then 'UNSIGNED' else status end) stored;

-- Indexes of delivery, from ten to eight. Every page that read a dropped one reads a kept one (ConsolePagesBench).
-- (department, status): nothing needs it that the department's other indexes do not serve; and status is transport.
drop index delivery_department_status;
-- The open deliveries (not started yet), by department and time: the departments' load (pending, oldest unsigned,
-- overdue) and the scorecards' overdue, each from the index alone, and a department's unsigned deliveries newest
-- first. It takes the place of V13's delivery_open_load and V14's delivery_dispatched_open, which held the same rows
-- (V14's without PENDING ones) with the same columns in another order.
create index delivery_open on delivery (department, created_at) include (phase, sign_due_at, start_due_at)
    where phase in ('SIGNED', 'UNSIGNED');
drop index delivery_open_load;
drop index delivery_dispatched_open;
-- V15's returned list, by phase.
create index delivery_returned_phase on delivery (updated_at, id) where phase = 'RETURNED';
drop index delivery_returned;
alter index delivery_returned_phase rename to delivery_returned;

-- The signing figures' changes in sets: one trigger call per statement, its changes summed per bucket, so a batch of
-- 500 deliveries dispatched or signed for on one day appends a row or two per department instead of 500 or 1,000 (and
-- the fold deletes as few). The buckets and the rule are V14's; a bucket whose changes cancel out appends nothing.
create function delivery_figures_track_set() returns trigger
language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        insert into delivery_figures_change (department, day, sign_working_days, delivered, on_time, escalations)
        select department, (created_at at time zone 'Asia/Shanghai')::date, sign_working_days, count(*),
               count(*) filter (where signed_at <= coalesce(sign_due_at, signed_at)), sum(escalations)
        from new_rows where status not in ('PENDING', 'RETURNED')
        group by 1, 2, 3;
    elsif tg_op = 'DELETE' then
        insert into delivery_figures_change (department, day, sign_working_days, delivered, on_time, escalations)
        select department, (created_at at time zone 'Asia/Shanghai')::date, sign_working_days, -count(*),
               -count(*) filter (where signed_at <= coalesce(sign_due_at, signed_at)), -sum(escalations)
        from old_rows where status not in ('PENDING', 'RETURNED')
        group by 1, 2, 3;
    else
        -- V14's rule per changed row: its old bucket loses it, its new one gains it
        insert into delivery_figures_change (department, day, sign_working_days, delivered, on_time, escalations)
        select c.department, c.day, c.sign_working_days, sum(c.delivered), sum(c.on_time), sum(c.escalations)
        from old_rows o join new_rows n on n.id = o.id
        cross join lateral (
            select o.department, (o.created_at at time zone 'Asia/Shanghai')::date, o.sign_working_days, -1,
                   case when o.signed_at <= coalesce(o.sign_due_at, o.signed_at) then -1 else 0 end, -o.escalations
            where o.status not in ('PENDING', 'RETURNED')
            union all
            select n.department, (n.created_at at time zone 'Asia/Shanghai')::date, n.sign_working_days, 1,
                   case when n.signed_at <= coalesce(n.sign_due_at, n.signed_at) then 1 else 0 end, n.escalations
            where n.status not in ('PENDING', 'RETURNED')) c(department, day, sign_working_days, delivered, on_time,
                                                             escalations)
        where (o.department, o.created_at, o.sign_due_at, o.signed_at, o.sign_working_days, o.escalations,
               o.status in ('PENDING', 'RETURNED'))
              is distinct from (n.department, n.created_at, n.sign_due_at, n.signed_at, n.sign_working_days,
                                n.escalations, n.status in ('PENDING', 'RETURNED'))
        group by 1, 2, 3
        having sum(c.delivered) <> 0 or sum(c.on_time) <> 0 or sum(c.escalations) <> 0;
    end if;
    return null;
end
$$;

drop trigger delivery_figures_insert on delivery;
drop trigger delivery_figures_update on delivery;
drop trigger delivery_figures_delete on delivery;
drop function delivery_figures_track();
create trigger delivery_figures_insert after insert on delivery referencing new table as new_rows
    for each statement execute function delivery_figures_track_set();
create trigger delivery_figures_update after update on delivery referencing old table as old_rows new table as new_rows
    for each statement execute function delivery_figures_track_set();
create trigger delivery_figures_delete after delete on delivery referencing old table as old_rows
    for each statement execute function delivery_figures_track_set();

-- V13's copy of the first signature and of the escalations onto the delivery row, once per statement: a receipts
-- batch's SIGNED events are one update of their deliveries instead of one statement per event (each of which also
-- fired the figures' statement trigger above). The rule is V13's: the earliest signature counts.
create function delivery_events_to_delivery() returns trigger
language plpgsql as $$
begin
    if not exists (select 1 from new_events where status in ('SIGNED', 'ESCALATED')) then
        return null;
    end if;
    update delivery d set signed_at = s.at, sign_working_days = delivery_sign_working_days(d.created_at, s.at)
    from (select delivery_id, min(at) as at from new_events where status = 'SIGNED' group by delivery_id) s
    where d.id = s.delivery_id and (d.signed_at is null or d.signed_at > s.at);
    update delivery d set escalations = d.escalations + e.n
    from (select delivery_id, count(*) as n from new_events where status = 'ESCALATED' group by delivery_id) e
    where d.id = e.delivery_id;
    return null;
end
$$;

drop trigger delivery_event_to_delivery on delivery_event;
drop function delivery_event_to_delivery();
create trigger delivery_event_to_delivery after insert on delivery_event referencing new table as new_events
    for each statement execute function delivery_events_to_delivery();
