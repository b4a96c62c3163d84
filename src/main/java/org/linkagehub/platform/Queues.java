package org.linkagehub.platform;

import java.util.Locale;

/** Broker address names, in one place: departments and tests script against them. */
public final class Queues {

    public static final String DEPARTMENT_PREFIX = "linkage.dept.";
    public static final String RECEIPTS = "linkage.receipts";
    public static final String FEEDBACK = "linkage.feedback";

    private Queues() {
    }

    public static String department(String code) {
        return DEPARTMENT_PREFIX + code.toUpperCase(Locale.ROOT);
    }
}
