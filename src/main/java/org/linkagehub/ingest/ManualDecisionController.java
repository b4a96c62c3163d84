package org.linkagehub.ingest;

import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.apache.camel.ProducerTemplate;
import org.linkagehub.raw.RawInput;
import org.linkagehub.raw.RawInputStore;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/decisions/manual}: a paper decision entered by an operator, as canonical JSON. It is
 * stored raw and goes through the same mapping, validation, duplicate check and routing as the platforms'.
 */
@RestController
@Tag(name = "Decisions")
public class ManualDecisionController {

    static final String SOURCE = "manual";

    private final RawInputStore raw;
    private final ProducerTemplate camel;

    public ManualDecisionController(RawInputStore raw, ProducerTemplate camel) {
        this.raw = raw;
        this.camel = camel;
    }

    @PostMapping(path = "/api/v1/decisions/manual", consumes = "*/*")
    @Operation(summary = "Enter a paper decision (operators)",
            description = "One decision as canonical JSON; 201 with the decision id, 200 when the same fact is already "
                    + "known, 422 with every reason when it is not a valid routed decision (it is kept in quarantine).")
    public ResponseEntity<Map<String, Object>> enter(@RequestBody(required = false) byte[] body,
            Authentication operator) {
        // an empty body is kept too: it is refused by the strict reading like any other unreadable one
        RawInput input = raw.store(SOURCE, "manual", null, Map.of("operator", operator.getName()),
                body == null ? new byte[0] : body, false);
        IntakeOutcome outcome = camel.requestBody("direct:manual-intake", input, IntakeOutcome.class);
        HttpStatus status = switch (outcome.status()) {
            case ACCEPTED -> HttpStatus.CREATED;
            case DUPLICATE, SKIPPED -> HttpStatus.OK;
            case MALFORMED -> HttpStatus.BAD_REQUEST;
            case QUARANTINED -> HttpStatus.UNPROCESSABLE_ENTITY;
        };
        return ResponseEntity.status(status).body(Map.of("outcome", outcome.status(), "rawInputId", input.id(),
                "decisionIds", outcome.decisionIds(), "reasons", outcome.reasons()));
    }
}
