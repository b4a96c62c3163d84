package org.linkagehub.deadlines;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.linkagehub.platform.BeijingTime;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * The Chinese working-day calendar: a date is a working day when it is Monday–Friday outside every
 * holiday period, or a make-up working day (调休上班) announced by the State Council.
 *
 * <p>The data comes from one YAML file per year (see {@code mappings/calendar/cn-2026.yaml}), because
 * the State Council publishes the next year's arrangement every November and nothing in the code
 * should have to change when it does.
 *
 * <p>Immutable and thread-safe. The one piece of mutable state is diagnostic: dates in years the
 * calendar has no data for are answered Monday–Friday (a deadline must still be computed), but the
 * year is recorded in {@link #uncoveredYearsSeen()} so a health check can say loudly that deadlines
 * are ignoring holidays instead of the calendar guessing silently.
 */
public final class WorkingDayCalendar {

    /** One holiday period, both ends inclusive; may include weekend days. */
    public record Holiday(String name, LocalDate from, LocalDate to) {}

    /** A Saturday or Sunday that is worked to make up for the named holiday. */
    public record MakeUpWorkday(LocalDate date, String forHoliday) {}

    /** The validated content of one calendar file. */
    public record YearCalendar(String fileName, int year, String source,
                               List<Holiday> holidays, List<MakeUpWorkday> makeUpWorkdays) {
        public YearCalendar {
            holidays = List.copyOf(holidays);
            makeUpWorkdays = List.copyOf(makeUpWorkdays);
        }
    }

    /*
     * What a file looks like, bound field by field. Not records: Jackson binds a record through its
     * constructor and buffers unknown properties until the object ends, so a misspelt "form:" in a
     * block mapping would be reported on the line after the mapping. Field binding reports it on its
     * own line. Required properties are therefore checked in validate(), not by Jackson.
     */
    private static final class FileDto {
        public Integer year;
        public String source;
        public List<HolidayDto> holidays;
        public List<MakeUpDto> makeUpWorkdays;
    }

    private static final class HolidayDto {
        public String name;
        public LocalDate from;
        public LocalDate to;
    }

    private static final class MakeUpDto {
        public LocalDate date;
        @JsonProperty("for")
        public String forHoliday;
    }

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            // a second "holidays:" key would otherwise silently replace the first
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final Map<Integer, YearCalendar> byYear;
    private final Set<LocalDate> holidayDays;
    private final Set<LocalDate> makeUpDays;
    private final Set<Integer> uncoveredYearsSeen = ConcurrentHashMap.newKeySet();

    private WorkingDayCalendar(Map<Integer, YearCalendar> byYear) {
        this.byYear = Collections.unmodifiableMap(new TreeMap<>(byYear));
        this.holidayDays = byYear.values().stream()
                .flatMap(y -> y.holidays().stream())
                .flatMap(h -> h.from().datesUntil(h.to().plusDays(1)))
                .collect(Collectors.toUnmodifiableSet());
        this.makeUpDays = byYear.values().stream()
                .flatMap(y -> y.makeUpWorkdays().stream())
                .map(MakeUpWorkday::date)
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Reads and validates one calendar file.
     *
     * @param fileName used in error messages only
     * @throws IllegalArgumentException naming the file (and, for syntax and structure errors, the line)
     */
    public static YearCalendar parse(String fileName, InputStream in) {
        FileDto file;
        try {
            file = YAML.readValue(in, FileDto.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("calendar file " + fileName + ", " + describe(e), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read calendar file " + fileName, e);
        }
        return validate(fileName, file);
    }

    /** Combines year files; each year may appear only once. */
    public static WorkingDayCalendar of(Collection<YearCalendar> years) {
        var byYear = new TreeMap<Integer, YearCalendar>();
        for (YearCalendar y : years) {
            YearCalendar previous = byYear.putIfAbsent(y.year(), y);
            if (previous != null) {
                throw new IllegalArgumentException("calendar year " + y.year() + " is defined twice: in "
                        + previous.fileName() + " and in " + y.fileName());
            }
        }
        return new WorkingDayCalendar(byYear);
    }

    /** Loads every {@code *.yaml} / {@code *.yml} file in a directory, e.g. {@code mappings/calendar}. */
    public static WorkingDayCalendar load(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            var years = files.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml"))
                    .sorted()
                    .map(WorkingDayCalendar::parseFile)
                    .toList();
            return of(years);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list calendar directory " + directory, e);
        }
    }

    private static YearCalendar parseFile(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return parse(path.toString(), in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read calendar file " + path, e);
        }
    }

    /** "line 5 (at holidays[1].form): unknown property ..." — the line first, for editors and humans. */
    private static String describe(JsonProcessingException e) {
        // For YAML syntax errors Jackson's location is that of the last good token; SnakeYAML's
        // problem mark is where the problem actually is (the cause may be wrapped by data binding).
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException y && y.getProblemMark() != null) {
                return "line " + (y.getProblemMark().getLine() + 1) + ", column " + (y.getProblemMark().getColumn() + 1)
                        + ": " + (y.getContext() == null ? "" : y.getContext() + ", ") + y.getProblem();
            }
        }
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : "line " + at.getLineNr();
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            // "holidays[1].form" reads better than Jackson's class-qualified path reference
            var path = new StringBuilder();
            for (JsonMappingException.Reference r : m.getPath()) {
                path.append(r.getFieldName() == null ? "[" + r.getIndex() + "]"
                        : (path.isEmpty() ? "" : ".") + r.getFieldName());
            }
            where += " (at " + path + ")";
        }
        String what = e instanceof UnrecognizedPropertyException u
                ? "unknown property '" + u.getPropertyName() + "', expected one of " + u.getKnownPropertyIds()
                : e.getOriginalMessage();
        return where + ": " + what;
    }

    // Semantic checks Jackson cannot do. Each date must lie in the file's own year so that a year's
    // data lives in exactly one file. (Past notices have put late-December days of a New Year holiday
    // into the next year's notice; if one does again, relax this rule deliberately, don't work round it.)
    private static YearCalendar validate(String fileName, FileDto f) {
        if (f == null) {
            throw new IllegalArgumentException("calendar file " + fileName + " is empty");
        }
        String prefix = "calendar file " + fileName + ": ";
        if (f.year == null || f.source == null || f.holidays == null || f.makeUpWorkdays == null) {
            throw new IllegalArgumentException(prefix + "year, source, holidays and makeUpWorkdays are all"
                    + " required (write 'makeUpWorkdays: []' for none)");
        }
        if (f.source.isBlank()) {
            throw new IllegalArgumentException(prefix + "source must name the State Council notice");
        }
        var holidays = new ArrayList<Holiday>();
        for (int i = 0; i < f.holidays.size(); i++) {
            HolidayDto h = f.holidays.get(i);
            if (h == null || h.name == null || h.name.isBlank() || h.from == null || h.to == null) {
                throw new IllegalArgumentException(prefix + "holidays[" + i + "] needs a name, from and to");
            }
            if (h.from.isAfter(h.to)) {
                throw new IllegalArgumentException(prefix + "holiday " + h.name + " ends (" + h.to
                        + ") before it starts (" + h.from + ")");
            }
            requireInYear(prefix, f.year, h.from, "holiday " + h.name);
            requireInYear(prefix, f.year, h.to, "holiday " + h.name);
            holidays.add(new Holiday(h.name, h.from, h.to));
        }
        var makeUps = new ArrayList<MakeUpWorkday>();
        for (int i = 0; i < f.makeUpWorkdays.size(); i++) {
            MakeUpDto m = f.makeUpWorkdays.get(i);
            if (m == null || m.date == null || m.forHoliday == null) {
                throw new IllegalArgumentException(prefix + "makeUpWorkdays[" + i + "] needs a date and for");
            }
            requireInYear(prefix, f.year, m.date, "make-up workday");
            if (!isWeekend(m.date)) {
                throw new IllegalArgumentException(prefix + "make-up workday " + m.date + " is a "
                        + m.date.getDayOfWeek() + "; only a Saturday or Sunday can be a make-up workday");
            }
            for (Holiday h : holidays) {
                if (!m.date.isBefore(h.from()) && !m.date.isAfter(h.to())) {
                    throw new IllegalArgumentException(prefix + "make-up workday " + m.date
                            + " falls inside holiday " + h.name() + " (" + h.from() + " – " + h.to() + ")");
                }
            }
            // catches a typo in "for" and keeps the file self-describing
            if (holidays.stream().noneMatch(h -> h.name().equals(m.forHoliday))) {
                throw new IllegalArgumentException(prefix + "make-up workday " + m.date + " is for '"
                        + m.forHoliday + "', which is not a holiday in this file");
            }
            makeUps.add(new MakeUpWorkday(m.date, m.forHoliday));
        }
        return new YearCalendar(fileName, f.year, f.source, holidays, makeUps);
    }

    private static void requireInYear(String prefix, int year, LocalDate d, String what) {
        if (d.getYear() != year) {
            throw new IllegalArgumentException(prefix + what + " date " + d + " is not in year " + year);
        }
    }

    private static boolean isWeekend(LocalDate d) {
        return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
    }

    /** The years this calendar has data for, ascending. */
    public Set<Integer> years() {
        return byYear.keySet();
    }

    public boolean covers(int year) {
        return byYear.containsKey(year);
    }

    /** The data of one year, e.g. to show its source on a status page. */
    public Optional<YearCalendar> yearCalendar(int year) {
        return Optional.ofNullable(byYear.get(year));
    }

    /**
     * Whether {@code d} is a working day. For a year without data this falls back to Monday–Friday and
     * records the year in {@link #uncoveredYearsSeen()}.
     */
    public boolean isWorkingDay(LocalDate d) {
        if (!covers(d.getYear())) {
            uncoveredYearsSeen.add(d.getYear());
            return !isWeekend(d);
        }
        return makeUpDays.contains(d) || !(isWeekend(d) || holidayDays.contains(d));
    }

    /** Years asked about that have no data (answered Monday–Friday); a snapshot, ascending. */
    public SortedSet<Integer> uncoveredYearsSeen() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(uncoveredYearsSeen));
    }

    /**
     * The one coverage rule: this year and next year, where this calendar has no data for them. Next year counts
     * all year round: a deadline set in the autumn can already reach into January, and the State Council's notice
     * for it comes out in the autumn too, so its absence is worth saying early.
     */
    public SortedSet<Integer> missingYears(LocalDate today) {
        SortedSet<Integer> missing = new TreeSet<>();
        for (int year : new int[] {today.getYear(), today.getYear() + 1}) {
            if (!covers(year)) {
                missing.add(year);
            }
        }
        return missing;
    }

    /** The {@code n}-th working day strictly after {@code start}; {@code start} itself when n = 0. */
    public LocalDate plusWorkingDays(LocalDate start, int n) {
        Objects.requireNonNull(start, "start");
        if (n < 0) {
            throw new IllegalArgumentException("working days must not be negative: " + n);
        }
        LocalDate d = start;
        for (int left = n; left > 0; ) {
            d = d.plusDays(1);
            if (isWorkingDay(d)) {
                left--;
            }
        }
        return d;
    }

    /**
     * The deadline for something delivered at {@code from} with {@code workingDays} to act: the END of
     * the n-th working day after the (Beijing) delivery date, i.e. 00:00 of the following calendar day.
     *
     * <p>Why the end of the day and not "delivery time + n working days": a time limit in working days
     * grants whole days. A department given one working day for something delivered on Friday at 16:00
     * has until the end of Monday, not Monday 16:00, and the deadline does not depend on the hour the
     * message happened to arrive. For n = 0 it is the end of the delivery day itself.
     */
    public ZonedDateTime deadline(Instant from, int workingDays) {
        LocalDate delivered = from.atZone(BeijingTime.ZONE).toLocalDate();
        return plusWorkingDays(delivered, workingDays).plusDays(1).atStartOfDay(BeijingTime.ZONE);
    }

    /**
     * The number of working days d with {@code from < d ≤ to}; 0 when {@code to ≤ from}. So something
     * delivered on Friday and still unsigned on Tuesday (no holidays) is 2 working days old.
     */
    public int workingDaysBetween(LocalDate from, LocalDate to) {
        if (!to.isAfter(from)) {
            return 0;
        }
        return (int) from.plusDays(1).datesUntil(to.plusDays(1)).filter(this::isWorkingDay).count();
    }
}
