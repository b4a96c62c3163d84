package org.linkagehub.receipt;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.linkagehub.cases.CaseService;
import org.linkagehub.delivery.DeliveryQueries;
import org.linkagehub.delivery.DeliveryView;
import org.linkagehub.platform.Caller;
import org.linkagehub.raw.RawInput;
import org.linkagehub.raw.RawInputStore;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/deliveries/{deliveryId}/receipt}: a department signs for a delivery, reports that
 * supervision started, or returns it. The caller is authorised before the body is read: another
 * department's delivery is answered 404, as if it did not exist. {@code POST /api/v1/cases/{caseId}/receipt}: the
 * approval bureau signs for a case (issue 12) with the same receipt, status SIGNED; any other department is
 * answered 403, since only the bureau signs for cases.
 */
@RestController
@Tag(name = "Receipts", description = "Departments acknowledge their deliveries")
public class ReceiptController {

    private final ReceiptService receipts;
    private final DeliveryQueries deliveries;
    private final RawInputStore raw;
    private final ReceiptRefusals refusals;
    private final CaseReceipts cases;

    public ReceiptController(ReceiptService receipts, DeliveryQueries deliveries, RawInputStore raw,
            ReceiptRefusals refusals, CaseReceipts cases) {
        this.receipts = receipts;
        this.deliveries = deliveries;
        this.raw = raw;
        this.refusals = refusals;
        this.cases = cases;
    }

    @PostMapping(path = "/api/v1/deliveries/{deliveryId}/receipt", consumes = "*/*")
    @Operation(summary = "Acknowledge a delivery",
            description = "Body {\"status\":\"SIGNED\"|\"SUPERVISION_STARTED\"|\"RETURNED\",\"signedBy\":\"…\","
                    + "\"note\":\"…\"}; authenticated with the owning department's bearer token.")
    public ResponseEntity<DeliveryView> receipt(@PathVariable String deliveryId,
            @RequestBody(description = "the receipt") @org.springframework.web.bind.annotation.RequestBody(required = false) byte[] body,
            Authentication caller) {
        UUID id = parseId(deliveryId);
        String department = Caller.department(caller)
                .orElseThrow(() -> new ReceiptException(HttpStatus.FORBIDDEN, "only a department can send receipts"));
        String owner = receipts.ownerOf(id);
        if (owner == null || !owner.equals(department)) {
            throw new ReceiptException(HttpStatus.NOT_FOUND, "no delivery " + deliveryId + " for department " + department);
        }
        applyKeptRaw(department, id, body, receipt -> receipts.apply(id, receipt, "dept:" + department));
        return ResponseEntity.ok(deliveries.find(id).orElseThrow());
    }

    @PostMapping(path = "/api/v1/cases/{caseId}/receipt", consumes = "*/*")
    @Operation(summary = "The approval bureau signs for a case (签收)",
            description = "Body {\"status\":\"SIGNED\",\"signedBy\":\"…\",\"note\":\"…\"}; the bureau's bearer "
                    + "token only (403 for any other department). OPEN → SIGNED; a repeat changes nothing.")
    public ResponseEntity<Map<String, Object>> caseReceipt(@PathVariable String caseId,
            @RequestBody(description = "the receipt") @org.springframework.web.bind.annotation.RequestBody(required = false) byte[] body,
            Authentication caller) {
        String department = Caller.department(caller)
                .orElseThrow(() -> new ReceiptException(HttpStatus.FORBIDDEN, "only the approval bureau signs for cases"));
        if (!cases.signsCases(department)) {
            throw new ReceiptException(HttpStatus.FORBIDDEN, "only the approval bureau signs for cases");
        }
        UUID id = CaseReceipts.caseId(caseId);
        AtomicReference<CaseService.SignResult> signed = new AtomicReference<>();
        applyKeptRaw(department, id, body, receipt -> signed.set(cases.apply(department, id, receipt,
                "dept:" + department)));
        // signed: whether this receipt signed the case (false for a repeat, or a case replied to already)
        return ResponseEntity.ok(Map.of("caseId", id, "status", signed.get().status(),
                "signed", signed.get().outcome() == CaseService.Signing.SIGNED));
    }

    /**
     * Keeps the receipt raw before it is read, like every input, then applies it; a refusal is listed with its
     * reason (GET /api/v1/receipts/refused) and answered with its status.
     */
    private void applyKeptRaw(String department, UUID id, byte[] body, Consumer<Receipt> apply) {
        byte[] bytes = body == null ? new byte[0] : body;
        RawInput input = raw.store("receipts", "rest", id.toString(), Map.of("sender", department), bytes, false);
        try {
            apply.accept(parse(bytes));
            raw.markOutcome(input.id(), "APPLIED", null);
        } catch (ReceiptException e) {
            refusals.record(input.id(), "rest", department, id.toString(), e.getMessage());
            raw.markOutcome(input.id(), "REFUSED", null);
            throw e;
        }
    }

    private static Receipt parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new ReceiptException(HttpStatus.BAD_REQUEST, "empty body; expected {\"status\":\"SIGNED\"}");
        }
        Receipt receipt = Receipt.read(body, Receipt.class, "{\"status\",\"signedBy\",\"note\"}");
        if (receipt == null) {
            throw new ReceiptException(HttpStatus.BAD_REQUEST, "expected a JSON object {\"status\":\"SIGNED\"}");
        }
        receipt.check();
        return receipt;
    }

    private static UUID parseId(String deliveryId) {
        try {
            return UUID.fromString(deliveryId);
        } catch (IllegalArgumentException e) {
            throw new ReceiptException(HttpStatus.NOT_FOUND, "no delivery " + deliveryId);
        }
    }

    @ExceptionHandler(ReceiptException.class)
    ResponseEntity<Map<String, Object>> refused(ReceiptException e) {
        return ResponseEntity.status(e.status())
                .body(Map.of("status", e.status().value(), "error", e.status().getReasonPhrase(), "message", e.getMessage()));
    }
}
