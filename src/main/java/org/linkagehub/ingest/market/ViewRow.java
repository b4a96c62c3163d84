package org.linkagehub.ingest.market;

import java.time.LocalDateTime;
import java.util.Map;

/**
 * One row of the view as the database returned it.
 *
 * @param columns every selected column by its label, as text ({@code SJC} as Beijing local time), in query order
 * @param sjc     the change time, kept exact for the cursor
 * @param id      the row id
 */
record ViewRow(Map<String, String> columns, LocalDateTime sjc, long id) {

    ViewCursor cursor() {
        return new ViewCursor(sjc, id);
    }
}
