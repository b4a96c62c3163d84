package org.linkagehub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.linkagehub.HubIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a delivery's changes write (issue 17, item 3; migration V33): the transport's steps change no indexed column,
 * so PostgreSQL updates the row on its page (HOT) with no index entry and the pull feed does not list it again; the
 * signing figures are appended once per statement and bucket, not twice per delivery. Each test runs in a transaction
 * it rolls back, and counts its own writes with {@code pg_stat_xact_user_tables}.
 */
class DeliveryWritesIT extends HubIntegrationTest {

    @Autowired
    TransactionTemplate transaction;
    @Autowired
    DeliveryLedger ledger;

    @Test
    void theTransportsStepsAreHotAndLeaveUpdatedAtWhereTheFeedFoundIt() {
        String id = deliveriesForSthj(1).get(0);
        UUID delivery = UUID.fromString(id);
        // the free space of the row's page: what HOT needs besides unchanged indexed columns
        jdbc.execute("vacuum delivery");
        transaction.executeWithoutResult(tx -> {
            Timestamp updatedAt = jdbc.queryForObject("select updated_at from delivery where id = ?::uuid",
                    Timestamp.class, id);
            long[] before = writes();
            jdbc.update("update delivery set status = 'DISPATCHED' where id = ?::uuid", id);
            ledger.advanceAll(List.of(), Map.of(delivery, DeliveryStatus.DELIVERED), Instant.now());
            long[] transport = writes();
            assertThat(transport[0] - before[0]).as("updates").isEqualTo(2);
            assertThat(transport[1] - before[1]).as("HOT updates").isEqualTo(2);
            assertThat(jdbc.queryForObject("select updated_at from delivery where id = ?::uuid", Timestamp.class, id))
                    .isEqualTo(updatedAt);
            assertThat(jdbc.queryForObject("select phase from delivery where id = ?::uuid", String.class, id))
                    .isEqualTo("UNSIGNED");

            Instant signedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            ledger.advanceAll(List.of(), Map.of(delivery, DeliveryStatus.SIGNED), signedAt);
            long[] signed = writes();
            assertThat(signed[0] - transport[0]).as("the signature is an update").isEqualTo(1);
            assertThat(jdbc.queryForObject("select updated_at from delivery where id = ?::uuid", Timestamp.class, id))
                    .as("signed for: the feed lists it again").isEqualTo(Timestamp.from(signedAt));
            assertThat(jdbc.queryForObject("select phase from delivery where id = ?::uuid", String.class, id))
                    .isEqualTo("SIGNED");
            tx.setRollbackOnly();
        });
    }

    @Test
    void theFiguresOfAStatementAreAppendedOncePerBucket() {
        List<String> ids = deliveriesForSthj(3);
        String[] array = ids.toArray(String[]::new);
        transaction.executeWithoutResult(tx -> {
            // a day no other test writes, so the rows counted are this statement's own
            jdbc.update("""
                    update delivery set status = 'DELIVERED', created_at = '2024-02-29 10:00+08',
                        sign_due_at = '2024-03-01 10:00+08', start_due_at = '2024-03-04 10:00+08'
                    where id = any(?::uuid[])""", (Object) array);
            jdbc.update("""
                    update delivery set status = 'SIGNED', signed_at = '2024-02-29 16:00+08', sign_working_days = 0
                    where id = any(?::uuid[])""", (Object) array);
            List<Map<String, Object>> changes = jdbc.queryForList("""
                    select sign_working_days, delivered, on_time from delivery_figures_change
                    where day = date '2024-02-29' and department = 'STHJ' order by sign_working_days nulls first,
                        delivered""");
            assertThat(changes).as("one row per bucket and statement, not one per delivery").hasSize(3);
            assertThat(changes.get(0)).containsEntry("delivered", -3L);
            assertThat(changes.get(1)).containsEntry("delivered", 3L).containsEntry("on_time", 0L);
            assertThat(changes.get(2)).containsEntry("sign_working_days", 0).containsEntry("delivered", 3L)
                    .containsEntry("on_time", 3L);
            tx.setRollbackOnly();
        });
    }

    /** This transaction's updates of delivery and how many of them were HOT. */
    private long[] writes() {
        return jdbc.queryForObject("""
                select n_tup_upd, n_tup_hot_upd from pg_stat_xact_user_tables where relname = 'delivery'""",
                (rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)});
    }

    /** Decisions for matter 640200-SPJ-HB-0012 (排污许可, PRIMARY STHJ), each once dispatched; their STHJ deliveries. */
    private List<String> deliveriesForSthj(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String tag = UUID.randomUUID().toString().substring(0, 8);
            String doc = "石审批环许〔2026〕W" + tag + "号";
            assertThat(postSigned("""
                    {"eventId":"EV-W-%s","eventType":"APPROVED","spsxbm":"640200-SPJ-HB-0012","spsxmc":"排污许可",\
                    "pfwh":"%s","pfrq":"20261121","jsdw":"宁夏星光置业有限公司","jsdwdm":"91640205MA7K8L9M0M"}"""
                    .formatted(tag, doc)).statusCode()).isEqualTo(200);
            ids.add(await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList("""
                    select d.id::text from delivery d join decision c on c.id = d.decision_id
                    where c.document_number = ? and d.department = 'STHJ' and d.status <> 'PENDING'""", String.class,
                    doc).stream().findFirst().orElse(null), v -> v != null));
        }
        return ids;
    }
}
