package org.linkagehub.receipt;

import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/receipts/refused}: receipts by queue the hub refused, with the reason and the raw body. */
@RestController
@Tag(name = "Receipts")
public class ReceiptRefusalController {

    private final ReceiptRefusals refusals;

    public ReceiptRefusalController(ReceiptRefusals refusals) {
        this.refusals = refusals;
    }

    @GetMapping("/api/v1/receipts/refused")
    @Operation(summary = "Refused receipts", description = "Newest first; operators and auditors.")
    public Map<String, Object> refused(@RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        return refusals.list(page, size);
    }
}
