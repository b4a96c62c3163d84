package org.linkagehub.ingest;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The project-approval platform's daily listing, {@code linkage.sources.project-approval.*} beside the webhook's
 * settings: the platform gives up on a push after five failed tries in an hour, so the hub asks once a day for
 * the whole previous day and takes in what it missed.
 *
 * @param baseUrl        the platform's address; {@code GET {base}/api/approvals?date=yyyy-MM-dd}. Without it
 *                       there is no reconciliation
 * @param reconcileCron  Spring cron (second minute hour day month weekday), Beijing time, when a day counts as
 *                       complete and is reconciled: by default 01:30 for the previous day, late enough for the
 *                       platform's hour of retries of the last pushes before midnight; {@code -} switches the
 *                       schedule off (the operator's trigger still works)
 * @param reconcileToday also reconcile today so far at each scheduled time (the demo does, every minute); off by
 *                       default, since the previous day is reconciled whole the next night
 * @param reconcileRetry how soon a failed listing is asked again
 * @param reconcileCatchUpDays how many past days a late run (after an outage or a stopped hub) reconciles at most
 * @param reconcileTimeout for one listing request
 * @param startFrom      go-live: the first day the schedule reconciles. While no day has been reconciled, the
 *                       first run lists every day from it to yesterday (not cut to the catch-up limit), and no
 *                       later run reaches back before it; empty = the first run lists only yesterday
 */
@ConfigurationProperties("linkage.sources.project-approval")
public record ProjectApprovalReconcileProperties(URI baseUrl, @DefaultValue("0 30 1 * * *") String reconcileCron,
        @DefaultValue("false") boolean reconcileToday, @DefaultValue("PT5M") Duration reconcileRetry,
        @DefaultValue("7") int reconcileCatchUpDays, @DefaultValue("PT30S") Duration reconcileTimeout, LocalDate startFrom) {

    public boolean scheduled() {
        return baseUrl != null && !"-".equals(reconcileCron.trim());
    }
}
