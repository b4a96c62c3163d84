package org.linkagehub.platform;

import java.util.Locale;

import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.Topic;

/** Broker address names, in one place: departments and tests script against them. */
public final class Queues {

    public static final String DEPARTMENT_PREFIX = "linkage.dept.";
    /**
     * Receipts from any department, the sender being the broker-validated user: trusted for CORE and STOMP only, as
     * Artemis stamps no validated user on AMQP messages (ARTEMIS-1092).
     */
    public static final String RECEIPTS = "linkage.receipts";
    /** Receipts under a department's own address, {@code linkage.receipts.<CODE>}: only its broker role may send. */
    public static final String DEPARTMENT_RECEIPTS_PREFIX = RECEIPTS + ".";
    /**
     * The hub's one receipts queue, bound to the wildcard address {@link #RECEIPTS_WILDCARD}: every receipt sent to
     * {@code linkage.receipts} or to a department's receipts address lands here, keeping the address it was sent to.
     */
    public static final String RECEIPTS_INBOX = "linkage.hub.receipts";
    /** {@code #} matches zero or more words: {@code linkage.receipts} itself and {@code linkage.receipts.<CODE>}. */
    public static final String RECEIPTS_WILDCARD = RECEIPTS + ".#";
    /**
     * The filter of the queues named like the receipts addresses: they exist so that a JMS client's check for the queue
     * it sends to succeeds, and take no message, since the inbox takes them all.
     */
    public static final String NO_MESSAGE = "FALSE";
    /**
     * Cases (letters to the approval bureau) under a department's own address, {@code linkage.cases.<CODE>}: only its
     * broker role may send, so the address names the department that filed. There is no shared cases address.
     */
    public static final String DEPARTMENT_CASES_PREFIX = "linkage.cases.";
    /**
     * The hub's one cases queue, bound to the wildcard address {@link #CASES_WILDCARD}: every case sent to a
     * department's cases address lands here, keeping the address it was sent to.
     */
    public static final String CASES_INBOX = "linkage.hub.cases";
    /** Every department's cases address ({@code #} matches {@code linkage.cases} too, where only the hub may send). */
    public static final String CASES_WILDCARD = DEPARTMENT_CASES_PREFIX + "#";
    public static final String FEEDBACK = "linkage.feedback";
    /**
     * Credit records (信用记录, issue 13) for the city's credit system: only the broker role {@link #CREDIT_ROLE} may
     * consume and browse it, no department.
     */
    public static final String CREDIT = "linkage.credit";
    /** The credit system's broker role, and the name of its broker user. */
    public static final String CREDIT_ROLE = "credit";
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

    /** The address to which only this department may send its receipts. */
    public static String departmentReceipts(String code) {
        return DEPARTMENT_RECEIPTS_PREFIX + code.toUpperCase(Locale.ROOT);
    }

    /**
     * The address a message read from a wildcard inbox was sent to: the broker routed it from there to the inbox and
     * left it on the message, and its security settings decided who could send there.
     */
    public static String sentTo(Message message) throws JMSException {
        Destination destination = message.getJMSDestination();
        if (destination instanceof Queue queue) {
            return queue.getQueueName();
        }
        return destination instanceof Topic topic ? topic.getTopicName() : null;
    }

    /** The address to which only this department may send its cases. */
    public static String departmentCases(String code) {
        return DEPARTMENT_CASES_PREFIX + code.toUpperCase(Locale.ROOT);
    }
}
