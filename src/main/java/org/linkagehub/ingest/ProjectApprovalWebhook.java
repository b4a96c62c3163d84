package org.linkagehub.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.tags.Tag;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.ProducerTemplate;
import org.linkagehub.canonical.Reason;
import org.linkagehub.platform.WebhookSignature;
import org.linkagehub.quarantine.QuarantineStore;
import org.linkagehub.raw.RawInput;
import org.linkagehub.raw.RawInputStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code POST /ingest/project-approval}: the project-approval platform's signed webhook. The body is stored
 * raw before anything else, then the signature is checked, then the route {@code project-approval-intake}
 * maps it. The platform retries anything but HTTP 200 {@code {"code":0}}, so a well-formed event that ends in
 * quarantine is answered 200 too: a retry would not help.
 *
 * <p>A plain servlet rather than a Spring MVC handler (issue #17 item 6): the endpoint reads bytes and answers three
 * fields, so the dispatcher's handler lookup, argument resolution and message conversion (which also flushed the answer
 * in chunks) are work it does not need. Its answer is written as bytes with its length; the API description documents
 * it as before ({@link Registration#projectApprovalWebhookApi}).
 */
public class ProjectApprovalWebhook extends HttpServlet {

    static final String SOURCE = "project-approval";
    static final String PATH = "/ingest/project-approval";
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(ProjectApprovalWebhook.class);

    private final transient RawInputStore raw;
    private final transient QuarantineStore quarantine;
    private final transient TransactionTemplate transaction;
    private final transient ProducerTemplate camel;
    private final transient ProjectApprovalProperties properties;
    private final transient SourceMonitor monitor;
    private final transient Clock clock;
    private final transient ObjectMapper json;

    ProjectApprovalWebhook(RawInputStore raw, QuarantineStore quarantine, TransactionTemplate transaction,
            ProducerTemplate camel, ProjectApprovalProperties properties, SourceMonitor monitor, Clock clock,
            ObjectMapper json) {
        this.monitor = monitor;
        this.raw = raw;
        this.quarantine = quarantine;
        this.transaction = transaction;
        this.camel = camel;
        this.properties = properties;
        this.clock = clock;
        this.json = json;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
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
            refuse(response, input, HttpStatus.SERVICE_UNAVAILABLE, "source-disabled",
                    "the project-approval webhook is disabled: linkage.sources.project-approval.secret is not set");
            return;
        }
        if (oversized) {
            refuse(response, input, HttpStatus.PAYLOAD_TOO_LARGE, "oversized",
                    "body is larger than " + limit + " bytes (linkage.sources.project-approval.max-body-size)");
            return;
        }
        Optional<String> bad = WebhookSignature.problem(properties.secret(), timestamp, signature, body,
                clock.instant(), properties.window());
        if (bad.isPresent()) {
            monitor.failure(SOURCE, "request refused: " + bad.get());
            refuse(response, input, HttpStatus.UNAUTHORIZED, "signature", bad.get());
            return;
        }
        IntakeOutcome outcome = camel.requestBody("direct:project-approval-intake", input, IntakeOutcome.class);
        if (outcome.status() == IntakeOutcome.Status.MALFORMED) {
            monitor.failure(SOURCE, "malformed event: " + outcome.reasons().get(0).message());
            answer(response, HttpStatus.BAD_REQUEST, outcome.reasons().get(0).message(), input.id());
            return;
        }
        // the signature check has read the timestamp: it is the platform's own time of this event
        monitor.success(SOURCE, 1, Instant.ofEpochMilli(Long.parseLong(timestamp.trim())));
        // {"code":0,"rawInputId":…,"outcome":…}: a number and an enum's name, nothing to escape
        write(response, HttpStatus.OK, ("{\"code\":0,\"rawInputId\":" + input.id() + ",\"outcome\":\""
                + outcome.status().name() + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private void refuse(HttpServletResponse response, RawInput input, HttpStatus status, String rule, String message)
            throws IOException {
        transaction.executeWithoutResult(tx -> {
            quarantine.quarantine(input.id(), SOURCE, null, List.of(Reason.of("(request)", null, rule, message)));
            raw.markOutcome(input.id(), "REJECTED", null);
        });
        log.warn("Project-approval webhook refused ({}), raw input {} kept: {}", status.value(), input.id(), message);
        answer(response, status, message, input.id());
    }

    private void answer(HttpServletResponse response, HttpStatus status, String message, long rawInputId)
            throws IOException {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("code", status.value());
        answer.put("msg", message);
        answer.put("rawInputId", rawInputId);
        write(response, status, json.writeValueAsBytes(answer));
    }

    private static void write(HttpServletResponse response, HttpStatus status, byte[] answer) throws IOException {
        response.setStatus(status.value());
        response.setContentType("application/json");
        response.setContentLength(answer.length);
        response.getOutputStream().write(answer);
    }

    /** The servlet on its path, and its description in the HTTP API ({@code /v3/api-docs}), as a controller's was. */
    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        ServletRegistrationBean<ProjectApprovalWebhook> projectApprovalWebhookServlet(RawInputStore raw,
                QuarantineStore quarantine, TransactionTemplate transaction, ProducerTemplate camel,
                ProjectApprovalProperties properties, SourceMonitor monitor, Clock clock, ObjectMapper json) {
            ServletRegistrationBean<ProjectApprovalWebhook> registration = new ServletRegistrationBean<>(
                    new ProjectApprovalWebhook(raw, quarantine, transaction, camel, properties, monitor, clock, json),
                    PATH);
            registration.setName("projectApprovalWebhook");
            registration.setLoadOnStartup(1);
            return registration;
        }

        @Bean
        OpenApiCustomizer projectApprovalWebhookApi() {
            return api -> {
                ApiResponses responses = new ApiResponses();
                for (String[] r : new String[][] {{"200", "stored (and taken in, or quarantined): {code:0, rawInputId, "
                        + "outcome}"}, {"400", "malformed"}, {"401", "bad signature"}, {"413", "body too large"},
                    {"503", "the source is disabled, or the hub is starting, stopping or short of disk"}}) {
                    responses.addApiResponse(r[0], new ApiResponse().description(r[1]).content(new Content()
                            .addMediaType("application/json", new MediaType().schema(new ObjectSchema()))));
                }
                api.path(PATH, new PathItem().post(new Operation().addTagsItem("Ingest")
                        .operationId("receive")
                        .summary("An approval event from the project-approval platform")
                        .description("Signed with X-Gcjs-Timestamp (epoch ms) and X-Gcjs-Signature = hex "
                                + "HMAC-SHA256(secret, timestamp + \"\\n\" + body). 200 {\"code\":0} once stored; "
                                + "401 bad signature; 400 malformed.")
                        .responses(responses)));
                if (api.getTags() == null || api.getTags().stream().noneMatch(t -> "Ingest".equals(t.getName()))) {
                    api.addTagsItem(new Tag().name("Ingest").description("Inbound interfaces of the approval platforms"));
                }
            };
        }
    }
}
