package org.linkagehub.ingest;

import java.sql.SQLException;
import java.util.List;

import org.apache.camel.Exchange;
import org.linkagehub.canonical.Reason;
import org.linkagehub.quarantine.QuarantineStore;
import org.linkagehub.raw.RawInput;
import org.linkagehub.raw.RawInputStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The two answers of the source routes' shared error handling ({@code routes/error-handling.yaml}): a source that
 * stays unavailable after its retries shows failing with the reason ({@link SourceMonitor}, so
 * {@code /actuator/health/sources} says why), and input the hub cannot take in at all is quarantined once with the
 * reason {@code unreadable}, so the route goes on instead of trying it again on every poll. A route names its source in
 * the exchange property {@value #SOURCE} and, once stored, the raw input in {@value #RAW_INPUT}.
 */
@Component("sourceFaults")
public class SourceFaults {

    /** The exchange property naming the source (and its mapping, {@code mappings/sources/<source>.yaml}). */
    public static final String SOURCE = "linkageSource";
    /** The exchange property holding the {@link RawInput} the route stored, until it is taken in. */
    public static final String RAW_INPUT = "linkageRawInput";
    private static final Logger log = LoggerFactory.getLogger(SourceFaults.class);

    private final RawInputStore raw;
    private final QuarantineStore quarantine;
    private final TransactionTemplate transaction;
    private final SourceMonitor monitor;

    public SourceFaults(RawInputStore raw, QuarantineStore quarantine, TransactionTemplate transaction,
            SourceMonitor monitor) {
        this.raw = raw;
        this.quarantine = quarantine;
        this.transaction = transaction;
        this.monitor = monitor;
    }

    /** The source is unavailable (its retries spent, or the hub's store refused): it shows failing, with why. */
    public void unavailable(Exchange exchange) {
        String source = exchange.getProperty(SOURCE, String.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = reason(cause);
        if (source != null) {
            monitor.failure(source, reason);
        }
        log.warn("Source {} unavailable: {}; the next poll tries again", source, reason);
    }

    /**
     * Quarantines the stored raw input as {@code unreadable} and answers its outcome, for the route to go on with. When
     * nothing was stored yet there is nothing to quarantine: the source shows failing, the fault is thrown again, and
     * the input stays where it is for the next poll.
     */
    public IntakeOutcome quarantine(Exchange exchange) throws Exception {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        RawInput input = exchange.getProperty(RAW_INPUT, RawInput.class);
        if (input == null) {
            // nothing of the platform's is kept yet: the source itself is what fails (a query the view refuses)
            unavailable(exchange);
            if (cause instanceof Exception e) {
                throw e;
            }
            throw new IllegalStateException(reason(cause), cause);
        }
        log.error("Raw input {} of source {} could not be taken in; quarantined as unreadable", input.id(),
                input.source(), cause);
        // a file is named as such in its reason file, as it always was
        String what = "file".equals(input.transport()) || "sftp".equals(input.transport()) ? "file" : "input";
        List<Reason> reasons = List.of(Reason.of("(" + what + ")", null, "unreadable",
                "the hub could not take this " + what + " in; it is kept for a replay after a fix"));
        transaction.executeWithoutResult(tx -> {
            quarantine.quarantine(input.id(), input.source(), input.sourceRef(), reasons);
            raw.markOutcome(input.id(), "REJECTED", null);
        });
        exchange.removeProperty(RAW_INPUT);
        return new IntakeOutcome(IntakeOutcome.Status.QUARANTINED, input.id(), List.of(), reasons, null);
    }

    /** The fault as an operator reads it: a database's own message and SQLState rather than Spring's wrapping. */
    private static String reason(Throwable cause) {
        if (cause == null) {
            return "unknown fault";
        }
        Throwable specific = cause instanceof DataAccessException d ? d.getMostSpecificCause() : cause;
        String state = specific instanceof SQLException sql && sql.getSQLState() != null
                ? " (SQLState " + sql.getSQLState() + ")" : "";
        String message = specific.getMessage() == null ? specific.getClass().getSimpleName() : specific.getMessage();
        return message + state;
    }
}
