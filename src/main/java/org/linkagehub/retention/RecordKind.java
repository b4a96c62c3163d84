package org.linkagehub.retention;

/** The kinds of public record the retention job archives and prunes, each named as in its files and properties. */
public enum RecordKind {
    RAW_INPUT("raw-input", "raw_input"),
    DELIVERY_EVENTS("delivery-events", "delivery_event"),
    AUDIT("audit", "audit_log");

    private final String label;
    private final String table;

    RecordKind(String label, String table) {
        this.label = label;
        this.table = table;
    }

    /** The name in file names, in the manifest and in {@code linkage.retention.<label>}. */
    public String label() {
        return label;
    }

    /** The table its rows come from. */
    public String table() {
        return table;
    }
}
