package org.linkagehub.ingest.hall;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.linkagehub.canonical.DateForms;
import org.linkagehub.platform.BeijingTime;

/**
 * One answer of the hall, read only as far as the walk needs: its in-body code, how many records the page holds,
 * the walk's {@code nextSince} and the newest completion time. The records themselves are mapped by the intake.
 *
 * @param newestRecordAt the latest {@code BJSJ} on the page, or null when none is readable
 */
record HallAnswer(Kind kind, String code, String message, int records, String nextSince, Instant newestRecordAt) {

    enum Kind {
        /** {@code code 200} with a list of records (empty past the last page) */
        PAGE,
        /** {@code code 401}: the token is refused; retrying cannot help */
        UNAUTHORIZED,
        /** {@code code 500}: the hall is busy; the same page may be asked again */
        BUSY,
        /** valid JSON with another code, or none */
        UNEXPECTED,
        /** not JSON, or {@code code 200} without a list of records: the intake quarantines it as malformed */
        UNREADABLE
    }

    static HallAnswer read(ObjectMapper json, byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            return new HallAnswer(Kind.UNREADABLE, null, null, 0, null, null);
        }
        if (root == null || !root.isObject()) {
            return new HallAnswer(Kind.UNREADABLE, null, null, 0, null, null);
        }
        String code = root.path("code").asText(null);
        String message = root.path("msg").asText("");
        if ("401".equals(code)) {
            return new HallAnswer(Kind.UNAUTHORIZED, code, message, 0, null, null);
        }
        if ("500".equals(code)) {
            return new HallAnswer(Kind.BUSY, code, message, 0, null, null);
        }
        if (!"200".equals(code)) {
            return new HallAnswer(Kind.UNEXPECTED, code, message, 0, null, null);
        }
        JsonNode data = root.path("data");
        JsonNode records = data.path("records");
        if (!records.isArray()) {
            return new HallAnswer(Kind.UNREADABLE, code, message, 0, null, null);
        }
        Instant newest = null;
        for (JsonNode record : records) {
            Instant at = completedAt(record);
            if (at != null && (newest == null || at.isAfter(newest))) {
                newest = at;
            }
        }
        String nextSince = data.path("nextSince").isTextual() ? data.path("nextSince").asText() : null;
        return new HallAnswer(Kind.PAGE, code, message, records.size(), nextSince, newest);
    }

    /** {@code BJSJ} as an instant, or null: a bad completion time is the mapping's to report, not the walk's. */
    private static Instant completedAt(JsonNode record) {
        try {
            return DateForms.parseDateTime(record.path("BJSJ").asText(null)).atZone(BeijingTime.ZONE).toInstant();
        } catch (DateTimeException | IllegalArgumentException e) {
            return null;
        }
    }
}
