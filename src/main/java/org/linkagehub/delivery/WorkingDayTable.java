package org.linkagehub.delivery;

import java.sql.Date;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Year;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.linkagehub.deadlines.Deadlines;
import org.linkagehub.deadlines.WorkingDayCalendar;
import org.linkagehub.platform.BeijingTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps table {@code working_day_exception} equal to the working-day calendar of {@code mappings/calendar/}, so
 * that the database counts working days as {@link WorkingDayCalendar} does: the trigger that stamps a delivery's
 * {@code sign_working_days} when it is signed for (migration V13) reads it, whichever path wrote the receipt.
 *
 * <p>Filled while the context starts, before routes and the web server take work, and idempotent: an unchanged
 * calendar changes nothing. When a calendar file changed (a new year's State Council notice, a correction), the
 * signed deliveries whose span reaches a changed day are recounted, so the figures always follow today's calendar.
 */
@Component
public class WorkingDayTable {

    private static final Logger log = LoggerFactory.getLogger(WorkingDayTable.class);

    public WorkingDayTable(Deadlines deadlines, JdbcTemplate jdbc, TransactionTemplate tx) {
        tx.executeWithoutResult(status -> sync(exceptions(deadlines.calendar()), jdbc));
    }

    /** The covered years' days whose working status differs from Monday–Friday, with that status. */
    static Map<LocalDate, Boolean> exceptions(WorkingDayCalendar calendar) {
        Map<LocalDate, Boolean> days = new TreeMap<>();
        for (int year : calendar.years()) {
            LocalDate first = Year.of(year).atDay(1);
            first.datesUntil(first.plusYears(1)).forEach(d -> {
                boolean working = calendar.isWorkingDay(d);
                if (working == (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY)) {
                    days.put(d, working);
                }
            });
        }
        return days;
    }

    private static void sync(Map<LocalDate, Boolean> wanted, JdbcTemplate jdbc) {
        jdbc.execute("lock table working_day_exception in exclusive mode");
        Map<LocalDate, Boolean> stored = new HashMap<>();
        jdbc.query("select day, working from working_day_exception",
                rs -> { stored.put(rs.getDate("day").toLocalDate(), rs.getBoolean("working")); });
        TreeSet<LocalDate> changed = new TreeSet<>();
        List<Object[]> upserts = new ArrayList<>();
        wanted.forEach((day, working) -> {
            if (!working.equals(stored.get(day))) {
                upserts.add(new Object[] {Date.valueOf(day), working});
                changed.add(day);
            }
        });
        List<Object[]> deletes = new ArrayList<>();
        stored.keySet().stream().filter(day -> !wanted.containsKey(day)).forEach(day -> {
            deletes.add(new Object[] {Date.valueOf(day)});
            changed.add(day);
        });
        if (changed.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("insert into working_day_exception (day, working) values (?, ?) "
                + "on conflict (day) do update set working = excluded.working", upserts);
        jdbc.batchUpdate("delete from working_day_exception where day = ?", deletes);
        int recounted = jdbc.update("""
                update delivery set sign_working_days = delivery_sign_working_days(created_at, signed_at)
                where signed_at >= (?::date)::timestamp at time zone '%1$s'
                  and created_at < (?::date + 1)::timestamp at time zone '%1$s'
                  and sign_working_days is distinct from delivery_sign_working_days(created_at, signed_at)"""
                        .formatted(BeijingTime.ZONE.getId()),
                Date.valueOf(changed.first()), Date.valueOf(changed.last()));
        log.info("Working-day table: {} days changed between {} and {}; {} signed deliveries recounted",
                changed.size(), changed.first(), changed.last(), recounted);
    }
}
