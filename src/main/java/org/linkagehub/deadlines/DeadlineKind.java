package org.linkagehub.deadlines;

/** A delivery's two deadlines: sign for it (签收), then start the supervision procedure. */
public enum DeadlineKind {
    SIGN("sign", "sign-for"), START("start", "supervision-start");

    private final String column;
    private final String label;

    DeadlineKind(String column, String label) {
        this.column = column;
        this.label = label;
    }

    /** The prefix of the delivery columns that hold this deadline ({@code sign_due_at}, {@code sign_check_at}). */
    public String column() {
        return column;
    }

    /** How messages and the log name it. */
    public String label() {
        return label;
    }
}
