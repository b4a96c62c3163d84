package org.linkagehub.ingest;

import java.time.LocalDate;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.linkagehub.platform.AuditLog;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/sources/project-approval/reconcile?date=yyyy-MM-dd}: an operator reconciles one day now,
 * e.g. after the platform reported an outage, instead of waiting for the nightly run. Audited.
 */
@RestController
@Tag(name = "Sources")
public class ReconcileController {

    private final ProjectApprovalReconciler reconciler;
    private final AuditLog audit;

    public ReconcileController(ProjectApprovalReconciler reconciler, AuditLog audit) {
        this.reconciler = reconciler;
        this.audit = audit;
    }

    @PostMapping("/api/v1/sources/project-approval/reconcile")
    @Operation(summary = "Reconcile one day with the project-approval platform (operators)",
            description = "Lists the day's events (Beijing time) and takes in those the webhook missed. 200 with "
                    + "{listed, new, alreadyKnown, quarantined}; 502 when the platform cannot be asked or refuses.")
    public ResponseEntity<Object> reconcile(
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date, Authentication operator) {
        String target = "sources/project-approval/reconcile/" + date;
        try {
            ReconcileCounts counts = reconciler.reconcile(date);
            audit.record(operator.getName(), "source.reconcile", target, null, counts);
            return ResponseEntity.ok(counts);
        } catch (ApprovalListing.ListingFailed e) {
            audit.record(operator.getName(), "source.reconcile", target, null, Map.of("error", e.getMessage()));
            return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(Map.of("date", date.toString(),
                    "error", e.getMessage()));
        }
    }
}
