package org.linkagehub.delivery;

/**
 * Which sender takes an outbox row: the broker drainer ({@link OutboxDispatcher}) or the HTTP pusher
 * ({@code delivery.push}). Departments whose registry entry says {@code http} are pushed to; every other
 * department's rows go through the broker, as they always did.
 */
public final class OutboxChannel {

    public static final String QUEUE = "queue";
    public static final String HTTP = "http";

    private OutboxChannel() {
    }

    /** The outbox channel for a department's registry channel. */
    public static String of(String departmentChannel) {
        return HTTP.equals(departmentChannel) ? HTTP : QUEUE;
    }
}
