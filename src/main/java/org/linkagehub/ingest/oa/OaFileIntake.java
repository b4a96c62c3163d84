package org.linkagehub.ingest.oa;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Header;
import org.linkagehub.canonical.Reason;
import org.linkagehub.ingest.DecisionIntake;
import org.linkagehub.ingest.IntakeOutcome;
import org.linkagehub.ingest.RawInput;
import org.linkagehub.ingest.RawInputStore;
import org.linkagehub.ingest.SourceMonitor;
import org.linkagehub.quarantine.QuarantineStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes one OA file, from the inbox or the SFTP folder: stores it raw first (at most
 * {@code linkage.sources.oa.max-file-size}), then runs it through the intake, and says where the file goes.
 * Anything thrown before the raw store leaves the file where it is, so the next poll tries again.
 */
@Component("oaFileIntake")
public class OaFileIntake {

    public static final String SOURCE = "oa";
    private static final Logger log = LoggerFactory.getLogger(OaFileIntake.class);

    private final RawInputStore raw;
    private final DecisionIntake intake;
    private final QuarantineStore quarantine;
    private final TransactionTemplate transaction;
    private final SourceMonitor monitor;
    private final OaProperties properties;

    public OaFileIntake(RawInputStore raw, DecisionIntake intake, QuarantineStore quarantine,
            TransactionTemplate transaction, SourceMonitor monitor, OaProperties properties) {
        this.raw = raw;
        this.intake = intake;
        this.quarantine = quarantine;
        this.transaction = transaction;
        this.monitor = monitor;
        this.properties = properties;
        monitor.register(SOURCE, properties.enabled() ? null : "linkage.sources.oa.enabled is false");
    }

    /**
     * @param body         the file's content
     * @param name         its name, without folders
     * @param path         where it was found (local path or the path on the SFTP server)
     * @param host         the SFTP server, or null for the local inbox
     * @param lastModified the file's time in epoch milliseconds, when known
     */
    public Outcome take(InputStream body, @Header("CamelFileNameOnly") String name, @Header("CamelFilePath") String path,
            @Header("CamelFileHost") String host, @Header("CamelFileLastModified") Long lastModified) throws IOException {
        long limit = properties.maxFileSize().toBytes();
        byte[] bytes;
        try (InputStream in = body) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        }
        boolean oversized = bytes.length > limit;
        if (oversized) {
            bytes = Arrays.copyOf(bytes, (int) limit);
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("path", path);
        if (host != null) {
            meta.put("host", host);
        }
        meta.put("size", oversized ? "more than " + limit : Integer.toString(bytes.length));
        RawInput input = raw.store(SOURCE, host == null ? "file" : "sftp", name, meta, bytes, oversized);

        if (oversized) {
            Reason reason = Reason.of("(file)", null, "oversized",
                    "the file is larger than " + limit + " bytes (linkage.sources.oa.max-file-size); its first bytes are kept");
            transaction.executeWithoutResult(tx -> {
                quarantine.quarantine(input.id(), SOURCE, name, List.of(reason));
                raw.markOutcome(input.id(), "REJECTED", null);
            });
            return failed(input, name, List.of(reason));
        }
        IntakeOutcome outcome = intake.process(input);
        return switch (outcome.status()) {
            case ACCEPTED, DUPLICATE, SKIPPED -> {
                monitor.success(SOURCE, 1, lastModified == null ? null : Instant.ofEpochMilli(lastModified));
                log.info("OA file {} (raw input {}) {}", name, input.id(), outcome.status());
                yield new Outcome(".done/" + input.id() + "-" + name, null);
            }
            case QUARANTINED, MALFORMED -> failed(input, name, outcome.reasons());
        };
    }

    private Outcome failed(RawInput input, String name, List<Reason> reasons) {
        // the exchange folder works; the document is bad: that is the quarantine's business, not a source outage
        monitor.success(SOURCE, 1, null);
        log.info("OA file {} (raw input {}) failed: {}", name, input.id(), reasons.stream().map(Reason::rule).toList());
        StringBuilder text = new StringBuilder("OA file ").append(name).append(", raw input ").append(input.id())
                .append(", quarantined; replay it from /api/v1/quarantine after a fix.\n");
        for (Reason r : reasons) {
            text.append("- ").append(r.rule()).append(' ').append(r.field());
            if (r.value() != null) {
                text.append(" = '").append(r.value()).append('\'');
            }
            text.append(": ").append(r.message()).append('\n');
        }
        return new Outcome(".failed/" + input.id() + "-" + name, text.toString());
    }

    /**
     * Where the file goes, relative to the folder it was taken from.
     *
     * @param moveTo e.g. {@code .done/42-NAME.xml}; the raw input id keeps a name sent twice from replacing the first
     * @param reason the text of {@code <moveTo>.reason.txt}, or null when the file is done
     */
    public record Outcome(String moveTo, String reason) {
    }
}
