package org.linkagehub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.linkagehub.platform.PlatformBusyException;
import org.linkagehub.quarantine.QuarantineStore;
import org.linkagehub.raw.RawInput;
import org.linkagehub.raw.RawInputStore;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The shared error handling of the source routes ({@code routes/error-handling.yaml}), run on its own with a route
 * that opts in and an intake that fails on demand: a transient fault inside the intake is asked again with back-off
 * up to {@code linkage.intake.redelivery.maximum-redeliveries} and then fails the exchange with the source marked
 * failing; a permanent one quarantines the stored input once and the route goes on; nothing stored, nothing
 * quarantined.
 */
class SourceErrorsRouteTest {

    private static final String ROUTE = """
            - route:
                id: test-source
                routeConfigurationId: source-errors
                from:
                  uri: direct:test-source
                  steps:
                    - setProperty:
                        name: linkageSource
                        constant: test
                    - process:
                        ref: store
                    - to:
                        uri: direct:intake
                    - setProperty:
                        name: reached
                        constant: true
            - route:
                id: intake
                routeConfigurationId: intake-errors
                from:
                  uri: direct:intake
                  steps:
                    - removeHeaders:
                        pattern: "Camel*"
                        excludePattern: "CamelRedelivery*"
                    - process:
                        ref: failing
            """;

    private final AtomicInteger attempts = new AtomicInteger();
    private final List<RuntimeException> faults = new ArrayList<>();
    private boolean stores = true;
    private final RawInputStore raw = mock(RawInputStore.class);
    private final QuarantineStore quarantine = mock(QuarantineStore.class);
    private final SourceMonitor monitor = mock(SourceMonitor.class);
    private DefaultCamelContext camel;

    @BeforeEach
    void start() throws Exception {
        TransactionTemplate transaction = new TransactionTemplate() {
            @Override
            public <T> T execute(TransactionCallback<T> action) {
                return action.doInTransaction(null);
            }
        };
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("sourceRedelivery",
                new SourceRedelivery(3, Duration.ofMillis(5), Duration.ofMillis(40)).policy());
        camel.getRegistry().bind("sourceFaults", new SourceFaults(raw, quarantine, transaction, monitor));
        camel.getRegistry().bind("store", (org.apache.camel.Processor) exchange -> {
            if (stores) {
                exchange.setProperty(SourceFaults.RAW_INPUT, new RawInput(7, "test", "file", "A.xml", Map.of(),
                        "x".getBytes(StandardCharsets.UTF_8), false, "sha", Instant.now()));
            }
        });
        camel.getRegistry().bind("failing", (org.apache.camel.Processor) exchange -> {
            int n = attempts.getAndIncrement();
            if (n < faults.size()) {
                throw faults.get(n);
            }
            exchange.getMessage().setBody("taken");
        });
        PluginHelper.getRoutesLoader(camel).loadRoutes(
                ResourceHelper.resolveResource(camel, "file:routes/error-handling.yaml"),
                ResourceHelper.fromString("test-source.yaml", ROUTE));
        camel.start();
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
    }

    @Test
    void aTransientFaultIsAskedAgainUntilItPasses() {
        faults.add(new PlatformBusyException("500 busy"));
        faults.add(new CannotGetJdbcConnectionException("database away"));

        Exchange done = camel.createProducerTemplate().send("direct:test-source", e -> { });

        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getBody()).isEqualTo("taken");
        assertThat(attempts).hasValue(3);
        verify(monitor, never()).failure(anyString(), anyString());
    }

    @Test
    void aTransientFaultBeyondTheRetriesFailsTheExchangeAndMarksTheSourceFailing() {
        for (int i = 0; i < 10; i++) {
            faults.add(new PlatformBusyException("500 busy"));
        }

        Exchange done = camel.createProducerTemplate().send("direct:test-source", e -> { });

        assertThat(done.getException()).isInstanceOf(PlatformBusyException.class);
        assertThat(attempts).as("the first try and three redeliveries").hasValue(4);
        assertThat(done.getProperty("reached")).isNull();
        verify(monitor).failure("test", "500 busy");
        verify(quarantine, never()).quarantine(anyLong(), anyString(), anyString(), anyList());
    }

    @Test
    void theHubsOwnStoreRefusingIsNotRetriedAndFailsTheExchange() {
        faults.add(new DataIntegrityViolationException("constraint"));
        faults.add(new DataIntegrityViolationException("constraint"));

        Exchange done = camel.createProducerTemplate().send("direct:test-source", e -> { });

        assertThat(done.getException()).isInstanceOf(DataIntegrityViolationException.class);
        assertThat(attempts).hasValue(1);
        verify(quarantine, never()).quarantine(anyLong(), anyString(), anyString(), anyList());
    }

    @Test
    void aPermanentFaultQuarantinesTheStoredInputOnceAndTheRouteGoesOn() {
        faults.add(new IllegalArgumentException("no such thing"));
        faults.add(new IllegalArgumentException("no such thing"));

        Exchange done = camel.createProducerTemplate().send("direct:test-source", e -> { });

        assertThat(done.getException()).isNull();
        assertThat(attempts).hasValue(1);
        assertThat(done.getProperty("reached", Boolean.class)).isTrue();
        IntakeOutcome outcome = done.getMessage().getBody(IntakeOutcome.class);
        assertThat(outcome.status()).isEqualTo(IntakeOutcome.Status.QUARANTINED);
        assertThat(outcome.reasons()).extracting(r -> r.rule()).containsExactly("unreadable");
        verify(quarantine).quarantine(eq(7L), eq("test"), eq("A.xml"), anyList());
        verify(raw).markOutcome(7L, "REJECTED", null);
    }

    @Test
    void aPermanentFaultBeforeAnythingWasStoredFailsTheExchange() {
        stores = false;
        faults.add(new IllegalArgumentException("no such thing"));

        Exchange done = camel.createProducerTemplate().send("direct:test-source", e -> { });

        assertThat(done.getException()).isInstanceOf(IllegalArgumentException.class);
        assertThat(done.getProperty("reached")).isNull();
        verify(quarantine, never()).quarantine(anyLong(), anyString(), any(), anyList());
    }
}
