package org.linkagehub.console;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.springframework.stereotype.Component;

/**
 * Counts each route's finished and failed exchanges and keeps its last failure with the message. The hub
 * runs without camel-management (no JMX), so there is no ManagedRoute to ask; an event notifier is the
 * cheapest way to the same figures, and it keeps the failure's message, which JMX would not.
 */
@Component
class RouteActivity extends EventNotifierSupport {

    private final Map<String, Counters> byRoute = new ConcurrentHashMap<>();
    private final Clock clock;

    RouteActivity(CamelContext camel, Clock clock) {
        this.clock = clock;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
        camel.getManagementStrategy().addEventNotifier(this);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event.getType() == CamelEvent.Type.ExchangeCompleted || event.getType() == CamelEvent.Type.ExchangeFailed
                || event.getType() == CamelEvent.Type.ExchangeFailureHandled;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((ExchangeEvent) event).getExchange();
        String routeId = exchange.getFromRouteId();
        if (routeId == null) {
            return;
        }
        Counters counters = byRoute.computeIfAbsent(routeId, id -> new Counters());
        switch (event.getType()) {
            case ExchangeCompleted -> counters.total.incrementAndGet();
            case ExchangeFailed, ExchangeFailureHandled -> {
                // an exchange whose failure an error handler dealt with also completes: count it once in total
                if (event.getType() == CamelEvent.Type.ExchangeFailed) {
                    counters.total.incrementAndGet();
                }
                counters.failed.incrementAndGet();
                Exception e = exchange.getException() != null ? exchange.getException()
                        : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
                counters.last = new Failure(clock.instant(), e == null ? "" : e.getClass().getSimpleName() + ": "
                        + e.getMessage());
            }
            default -> {
            }
        }
    }

    /** Exchanges seen since start-up, and the last failure; zeros for a route that has not run. */
    Snapshot of(String routeId) {
        Counters c = byRoute.get(routeId);
        return c == null ? new Snapshot(0, 0, null) : new Snapshot(c.total.get(), c.failed.get(), c.last);
    }

    record Snapshot(long total, long failed, Failure lastFailure) {
    }

    record Failure(Instant at, String message) {
    }

    private static final class Counters {
        final AtomicLong total = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        volatile Failure last;
    }
}
