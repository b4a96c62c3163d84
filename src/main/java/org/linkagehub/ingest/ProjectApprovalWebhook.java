package org.linkagehub.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.ProducerTemplate;
import org.linkagehub.canonical.Reason;
import org.linkagehub.platform.WebhookSignature;
import org.linkagehub.quarantine.QuarantineStore;
import org.linkagehub.raw.RawInput;
import org.linkagehub.raw.RawInputStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /ingest/project-approval}: the project-approval platform's signed webhook. The body is stored
 * raw before anything else, then the signature is checked, then the route {@code project-approval-intake}
 * maps it. The platform retries anything but HTTP 200 {@code {"code":0}}, so a well-formed event that ends in
 * quarantine is answered 200 too: a retry would not help.
 */
@RestController
@Tag(name = "Ingest", description = "Inbound interfaces of the approval platforms")
public class ProjectApprovalWebhook {

    static final String SOURCE = "project-approval";
    private static final Logger log = LoggerFactory.getLogger(ProjectApprovalWebhook.class);

    private final RawInputStore raw;
    private final QuarantineStore quarantine;
    private final TransactionTemplate transaction;
    private final ProducerTemplate camel;
    private final ProjectApprovalProperties properties;
    private final SourceMonitor monitor;
    private final Clock clock;

    public ProjectApprovalWebhook(RawInputStore raw, QuarantineStore quarantine, TransactionTemplate transaction,
            ProducerTemplate camel, ProjectApprovalProperties properties, SourceMonitor monitor, Clock clock) {
        this.monitor = monitor;
        this.raw = raw;
        this.quarantine = quarantine;
        this.transaction = transaction;
        this.camel = camel;
        this.properties = properties;
        this.clock = clock;
    }

    @PostMapping(path = "/ingest/project-approval")
    @Operation(summary = "An approval event from the project-approval platform",
            description = "Signed with X-Gcjs-Timestamp (epoch ms) and X-Gcjs-Signature = hex HMAC-SHA256(secret, "
                    + "timestamp + \"\\n\" + body). 200 {\"code\":0} once stored; 401 bad signature; 400 malformed.")
    public ResponseEntity<Map<String, Object>> receive(HttpServletRequest request) throws IOException {
        long limit = properties.maxBodySize().toBytes();
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        }
        boolean oversized = body.length > limit;
        if (oversized) {
            body = Arrays.copyOf(body, (int) limit);
        }
        String timestamp = request.getHeader("X-Gcjs-Timestamp");
        String signature = request.getHeader("X-Gcjs-Signature");
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("remoteAddr", request.getRemoteAddr());
        meta.put("contentType", request.getContentType());
        meta.put("X-Gcjs-Timestamp", timestamp);
        meta.put("X-Gcjs-Signature", signature);
        RawInput input = raw.store(SOURCE, "webhook", null, meta, body, oversized);

        if (!properties.enabled()) {
            return refuse(input, HttpStatus.SERVICE_UNAVAILABLE, "source-disabled",
                    "the project-approval webhook is disabled: linkage.sources.project-approval.secret is not set");
        }
        if (oversized) {
            return refuse(input, HttpStatus.PAYLOAD_TOO_LARGE, "oversized",
                    "body is larger than " + limit + " bytes (linkage.sources.project-approval.max-body-size)");
        }
        Optional<String> bad = WebhookSignature.problem(properties.secret(), timestamp, signature, body,
                clock.instant(), properties.window());
        if (bad.isPresent()) {
            monitor.failure(SOURCE, "request refused: " + bad.get());
            return refuse(input, HttpStatus.UNAUTHORIZED, "signature", bad.get());
        }
        IntakeOutcome outcome = camel.requestBody("direct:project-approval-intake", input, IntakeOutcome.class);
        if (outcome.status() == IntakeOutcome.Status.MALFORMED) {
            monitor.failure(SOURCE, "malformed event: " + outcome.reasons().get(0).message());
            return answer(HttpStatus.BAD_REQUEST, outcome.reasons().get(0).message(), input.id());
        }
        // the signature check has read the timestamp: it is the platform's own time of this event
        monitor.success(SOURCE, 1, Instant.ofEpochMilli(Long.parseLong(timestamp.trim())));
        return ResponseEntity.ok(Map.of("code", 0, "rawInputId", input.id(), "outcome", outcome.status().name()));
    }

    private ResponseEntity<Map<String, Object>> refuse(RawInput input, HttpStatus status, String rule, String message) {
        transaction.executeWithoutResult(tx -> {
            quarantine.quarantine(input.id(), SOURCE, null, List.of(Reason.of("(request)", null, rule, message)));
            raw.markOutcome(input.id(), "REJECTED", null);
        });
        log.warn("Project-approval webhook refused ({}), raw input {} kept: {}", status.value(), input.id(), message);
        return answer(status, message, input.id());
    }

    private static ResponseEntity<Map<String, Object>> answer(HttpStatus status, String message, long rawInputId) {
        return ResponseEntity.status(status)
                .body(Map.of("code", status.value(), "msg", message, "rawInputId", rawInputId));
    }
}
