package org.linkagehub.receipt;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.linkagehub.canonical.StrictInput;
import org.linkagehub.canonical.Text;
import org.linkagehub.platform.BeijingTime;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Receipts the hub refused, with the reason, beside their raw bytes in {@code raw_input}: an operator's list. */
@Repository
public class ReceiptRefusals {

    /** How much of each refused body the list shows. */
    static final int SHOWN_BYTES = 4000;

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public ReceiptRefusals(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void record(long rawInputId, String transport, String sender, String deliveryId, String reason) {
        jdbc.update("""
                insert into receipt_refusal (raw_input_id, transport, sender, delivery_id, reason, created_at)
                values (?, ?, ?, ?, ?, ?)""", rawInputId, transport, StrictInput.storable(sender, 200),
                StrictInput.storable(deliveryId, 200), StrictInput.storable(reason, 2000),
                Timestamp.from(clock.instant()));
    }

    /** A refusal to record: {@link #record}'s arguments. */
    public record Refusal(long rawInputId, String transport, String sender, String deliveryId, String reason) {
    }

    /** {@link #record} for a batch, in one statement. */
    public void recordAll(List<Refusal> refusals) {
        if (refusals.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(clock.instant());
        List<Object[]> rows = new ArrayList<>(refusals.size());
        for (Refusal r : refusals) {
            rows.add(new Object[] {r.rawInputId(), r.transport(), StrictInput.storable(r.sender(), 200),
                StrictInput.storable(r.deliveryId(), 200), StrictInput.storable(r.reason(), 2000), now});
        }
        jdbc.batchUpdate("""
                insert into receipt_refusal (raw_input_id, transport, sender, delivery_id, reason, created_at)
                values (?, ?, ?, ?, ?, ?)""", rows);
    }

    /**
     * The body as text, as far as a list shows it: a refused receipt may be megabytes, or not UTF-8 at all (which
     * made PostgreSQL's convert_from fail the whole list); the raw input keeps every byte.
     */
    private static String shown(byte[] head, long size) {
        String text = Text.strictUtf8(head).orElse(null);
        if (text == null) {
            return size <= SHOWN_BYTES ? "(" + size + " bytes, not UTF-8: see the raw input)"
                    : "(" + size + " bytes; the first " + SHOWN_BYTES + " are not UTF-8 text: see the raw input)";
        }
        return size > head.length ? text + "… (" + size + " bytes)" : text;
    }

    /** Newest first. */
    public Map<String, Object> list(int page, int size) {
        int pageSize = Math.max(1, Math.min(size, 200));
        List<Map<String, Object>> items = jdbc.query("""
                select f.id, f.raw_input_id, f.transport, f.sender, f.delivery_id, f.reason, f.created_at,
                       substring(r.body from 1 for ?) as body, r.size_bytes
                from receipt_refusal f join raw_input r on r.id = f.raw_input_id
                order by f.id desc limit ? offset ?""", (rs, n) -> Map.of("id", rs.getLong("id"),
                "rawInputId", rs.getLong("raw_input_id"), "transport", rs.getString("transport"),
                "sender", String.valueOf(rs.getString("sender")), "deliveryId", String.valueOf(rs.getString("delivery_id")),
                "reason", rs.getString("reason"), "body", shown(rs.getBytes("body"), rs.getLong("size_bytes")),
                "at", BeijingTime.of(rs.getTimestamp("created_at").toInstant())), SHOWN_BYTES, pageSize,
                (long) Math.max(page, 0) * pageSize);
        Long total = jdbc.queryForObject("select count(*) from receipt_refusal", Long.class);
        return Map.of("items", items, "total", total == null ? 0 : total);
    }
}
