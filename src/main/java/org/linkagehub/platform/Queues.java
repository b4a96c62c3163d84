package org.linkagehub.platform;

import java.util.Locale;

/** Broker address names, in one place: departments and tests script against them. */
public final class Queues {

    public static final String DEPARTMENT_PREFIX = "linkage.dept.";
    public static final String RECEIPTS = "linkage.receipts";
    public static final String FEEDBACK = "linkage.feedback";
    /** The hub's own: divert copies of department messages and the broker's delivery notifications. */
    public static final String TRACKING = "linkage.hub.tracking";
    /** The broker's management notification address. */
    public static final String NOTIFICATIONS = "activemq.notifications";
    /** Which notifications the hub wants: a consumer received a message from a department queue. */
    public static final String DELIVERED_FILTER = "_AMQ_NotifType = 'MESSAGE_DELIVERED' AND _AMQ_Address LIKE '"
            + "linkage.dept.%'";

    private Queues() {
    }

    public static String department(String code) {
        return DEPARTMENT_PREFIX + code.toUpperCase(Locale.ROOT);
    }
}
