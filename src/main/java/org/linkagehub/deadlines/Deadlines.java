package org.linkagehub.deadlines;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.linkagehub.departments.DepartmentRegistry;
import org.linkagehub.platform.ConfigFileException;
import org.linkagehub.platform.ConfigFiles;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/**
 * The deadlines a delivery carries: sign for it within {@code linkage.deadlines.sign-within} (default one
 * working day) and start supervision within {@code linkage.deadlines.start-within} (default three), counted
 * on the calendar of {@code mappings/calendar/}, unless {@code mappings/routing/deadlines.yaml} gives the
 * matter or the department other limits ({@link DeadlineOverrides}); and when to warn that each is near.
 */
@Component
public class Deadlines {

    private final WorkingDayCalendar calendar;
    private final DeadlineRule signWithin;
    private final DeadlineRule startWithin;
    private final double warnFraction;
    private final DeadlineOverrides overrides;

    public Deadlines(ConfigFiles files, DepartmentRegistry departments, DeadlineProperties properties) {
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
        this.signWithin = parse("linkage.deadlines.sign-within", properties.signWithin());
        this.startWithin = parse("linkage.deadlines.start-within", properties.startWithin());
        this.warnFraction = properties.warnFraction();
        if (!(warnFraction >= 0 && warnFraction < 1)) {
            throw new IllegalArgumentException("linkage.deadlines.warn-fraction must be at least 0 and below 1: "
                    + warnFraction);
        }
        this.overrides = new DeadlineOverrides(files, departments, properties);
    }

    /** The deadlines of a delivery of a decision on {@code matter} to {@code department}, made at {@code at}. */
    public DueDates dueDates(Instant at, String matter, String department) {
        DeadlineRule sign = overrides.pick(DeadlineKind.SIGN, matter, department, signWithin);
        DeadlineRule start = overrides.pick(DeadlineKind.START, matter, department, startWithin);
        return new DueDates(sign.dueAt(at, calendar), sign.warnAt(at, calendar, warnFraction),
                start.dueAt(at, calendar), start.warnAt(at, calendar, warnFraction));
    }

    /** How long the bureau has to reply to a case: {@code cases: replyWithin} of deadlines.yaml, else 5wd. */
    public DeadlineRule caseReplyWithin() {
        return overrides.caseReplyWithin == null ? DEFAULT_CASE_REPLY : overrides.caseReplyWithin;
    }

    private static final DeadlineRule DEFAULT_CASE_REPLY = DeadlineRule.parse("5wd");

    /** How long a department has to check a commitment grant: {@code commitments: verifyWithin}, else 20wd. */
    public DeadlineRule commitmentVerifyWithin() {
        return overrides.commitmentVerifyWithin == null ? DEFAULT_VERIFY : overrides.commitmentVerifyWithin;
    }

    private static final DeadlineRule DEFAULT_VERIFY = DeadlineRule.parse("20wd");

    /**
     * The share of a duration limit after which its warning is due ({@code linkage.deadlines.warn-fraction}): the
     * cases' reply deadline warns by the same rule as the deliveries' deadlines.
     */
    public double warnFraction() {
        return warnFraction;
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

    /** When each deadline falls due, and when to warn that it is near. */
    public record DueDates(Instant signDue, Instant signWarn, Instant startDue, Instant startWarn) {
    }
}
