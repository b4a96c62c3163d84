package org.linkagehub.ingest.market;

import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A read position in the view: the change time {@code SJC} and row {@code ID} of the last row taken in. The next
 * query asks for rows strictly after it in ({@code SJC}, {@code ID}) order, so rows sharing one change time are
 * neither skipped nor read twice across a batch boundary.
 *
 * @param sjc the view's change time, as the platform wrote it (Beijing local time, no zone)
 * @param id  the row id; {@link Long#MIN_VALUE} to include every row changed at {@code sjc}
 */
record ViewCursor(LocalDateTime sjc, long id) {

    /** Before anything the view can hold, when neither a cursor nor a start point is set. */
    static final LocalDateTime BEGINNING = LocalDateTime.of(1900, 1, 1, 0, 0);

    private static final Pattern STORED = Pattern.compile("SJC=(\\S+),ID=(-?\\d+)");

    /** Where a poll starts when no cursor is stored: every row changed at or after {@code startFrom}. */
    static ViewCursor start(LocalDateTime startFrom) {
        return new ViewCursor(startFrom == null ? BEGINNING : startFrom, Long.MIN_VALUE);
    }

    /** Reads a position written by {@link #position()}. */
    static ViewCursor parse(String position) {
        Matcher m = STORED.matcher(position);
        if (!m.matches()) {
            throw new IllegalStateException("stored market-supervision cursor '" + position
                    + "' is not SJC=<yyyy-MM-ddTHH:mm:ss>,ID=<n>");
        }
        try {
            return new ViewCursor(LocalDateTime.parse(m.group(1)), Long.parseLong(m.group(2)));
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalStateException("stored market-supervision cursor '" + position + "' cannot be read", e);
        }
    }

    /** The form kept in {@code source_cursor}. */
    String position() {
        return "SJC=" + sjc + ",ID=" + id;
    }

    /** The source reference of a batch read after this position. */
    String after() {
        return id == Long.MIN_VALUE ? "SJC>=" + sjc : "SJC>" + sjc + ",ID>" + id;
    }
}
