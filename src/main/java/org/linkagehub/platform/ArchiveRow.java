package org.linkagehub.platform;

import java.time.Instant;

/**
 * One row of a public record (a raw input, a delivery event, an audit entry) as the retention job archives it
 * before its owner deletes it: its id, the time its retention runs from, and the whole row as one line of JSON,
 * written by PostgreSQL ({@code row_to_json}) so that every column, present and future, is kept as stored
 * ({@code bytea} as {@code \x} hex, times with their offset).
 */
public record ArchiveRow(long id, Instant at, String json) {
}
