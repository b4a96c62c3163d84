package org.linkagehub.receipt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.linkagehub.platform.ConfigFileException;
import org.linkagehub.platform.ConfigFiles;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/**
 * The deadlines a delivery carries: sign for it within {@code linkage.deadlines.sign-within} (default one
 * working day) and start supervision within {@code linkage.deadlines.start-within} (default three), counted
 * on the calendar of {@code mappings/calendar/}.
 */
@Component
public class Deadlines {

    private final WorkingDayCalendar calendar;
    private final DeadlineRule signWithin;
    private final DeadlineRule startWithin;

    public Deadlines(ConfigFiles files, @Value("${linkage.deadlines.sign-within:1wd}") String signWithin,
            @Value("${linkage.deadlines.start-within:3wd}") String startWithin) {
        List<WorkingDayCalendar.YearCalendar> years = new ArrayList<>();
        for (Resource resource : files.mappings("calendar", "yaml")) {
            try (InputStream in = resource.getInputStream()) {
                years.add(WorkingDayCalendar.parse(ConfigFiles.describe(resource), in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (IllegalArgumentException e) {
                throw new ConfigFileException(e.getMessage(), e);
            }
        }
        this.calendar = WorkingDayCalendar.of(years);
        this.signWithin = parse("linkage.deadlines.sign-within", signWithin);
        this.startWithin = parse("linkage.deadlines.start-within", startWithin);
    }

    public Instant signDue(Instant deliveredAt) {
        return signWithin.dueAt(deliveredAt, calendar);
    }

    public Instant startDue(Instant deliveredAt) {
        return startWithin.dueAt(deliveredAt, calendar);
    }

    public WorkingDayCalendar calendar() {
        return calendar;
    }

    private static DeadlineRule parse(String property, String value) {
        try {
            return DeadlineRule.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
        }
    }
}
