package org.linkagehub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.linkagehub.HubIntegrationTest;
import org.linkagehub.ingest.intake.IntakeGroupCommit;
import org.linkagehub.platform.GroupCommit;
import org.linkagehub.platform.WebhookSignature;
import org.linkagehub.raw.RawInputStore;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Webhooks that arrive together share their transactions (issue #17 item 2): the chunks of concurrent requests are
 * written in one transaction and one commit, each request answered only once its group has committed, with the
 * answer it would have had alone. A test holds the first request's lineage lock so that the others queue up behind
 * it, which makes the groups certain rather than a matter of timing.
 */
class WebhookGroupCommitIT extends HubIntegrationTest {

    private static final String ZJ_MATTER = "640200-SPJ-ZJ-0008";
    private static final String USCC = "91640205MA7K8L9M0M";

    @Autowired
    ObjectMapper json;
    @Autowired
    DataSource dataSource;
    @Autowired
    IntakeGroupCommit chunks;
    @Autowired
    RawInputStore raw;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void aLoneRequestCommitsItselfAtOnce() throws Exception {
        GroupCommit.Figures before = chunks.figures();
        GroupCommit.Figures rawBefore = raw.groupCommits();
        String doc = number("L");
        HttpResponse<String> response = postSigned(event(ProjectApprovalFlowIT.unique("EV"), "APPROVED", doc, null));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).path("outcome").asText()).isEqualTo("ACCEPTED");
        assertThat(chunks.figures().jobs() - before.jobs()).isGreaterThanOrEqualTo(1);
        assertThat(raw.groupCommits().jobs() - rawBefore.jobs()).isGreaterThanOrEqualTo(1);
        assertThat(decisions(doc)).isEqualTo(1);
    }

    @Test
    void requestsThatArriveTogetherShareOneCommitAndEachIsAnsweredAfterIt() throws Exception {
        String first = number("G0");
        List<String> docs = new ArrayList<>();
        List<String> events = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            String doc = number("G" + i);
            docs.add(doc);
            events.add(event(ProjectApprovalFlowIT.unique("EV"), "APPROVED", doc, null));
        }
        GroupCommit.Figures before = chunks.figures();
        List<CompletableFuture<HttpResponse<String>>> answers = behind(first, events);
        for (int i = 0; i < answers.size(); i++) {
            HttpResponse<String> response = answers.get(i).get(30, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode answer = json.readTree(response.body());
            assertThat(answer.path("code").asInt()).isZero();
            assertThat(answer.path("outcome").asText()).isEqualTo("ACCEPTED");
            assertThat(answer.path("rawInputId").asLong()).isPositive();
            assertThat(fieldNames(answer)).containsExactlyInAnyOrder("code", "rawInputId", "outcome");
            // acknowledged means on disk: another connection sees the decision and the raw input's outcome
            assertThat(jdbc.queryForObject("select outcome from raw_input where id = ?", String.class,
                    answer.path("rawInputId").asLong())).isEqualTo("ACCEPTED");
        }
        GroupCommit.Figures after = chunks.figures();
        assertThat(after.jobs() - before.jobs()).isGreaterThanOrEqualTo(13);
        // the first alone, the twelve behind it in one group (a poll's chunk may come in between)
        assertThat(after.groups() - before.groups()).as("transactions for 13 requests' chunks").isBetween(2L, 3L);
        assertThat(decisions(first)).isEqualTo(1);
        docs.forEach(doc -> assertThat(decisions(doc)).as(doc).isEqualTo(1));
    }

    @Test
    void versionsAndDuplicatesWithinOneGroupAreToldInTheOrderTheyCame() throws Exception {
        String blocker = number("B");
        String original = number("V");
        String changed = original.replace("号", "-1号");
        String grant = event(ProjectApprovalFlowIT.unique("EV"), "APPROVED", original, null);
        GroupCommit.Figures before = chunks.figures();
        List<CompletableFuture<HttpResponse<String>>> answers = behind(blocker, List.of(grant,
                event(ProjectApprovalFlowIT.unique("EV"), "CHANGED", changed, original), grant));
        List<String> outcomes = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            outcomes.add(json.readTree(response.body()).path("outcome").asText());
        }
        assertThat(outcomes).containsExactly("ACCEPTED", "ACCEPTED", "ACCEPTED", "DUPLICATE");
        assertThat(chunks.figures().groups() - before.groups()).isBetween(2L, 3L);
        List<Map<String, Object>> lineage = jdbc.queryForList("""
                select document_number, version, lineage_id, supersedes from decision
                where document_number in (?, ?) order by version""", original, changed);
        assertThat(lineage).extracting(r -> r.get("document_number")).containsExactly(original, changed);
        assertThat(lineage).extracting(r -> ((Number) r.get("version")).intValue()).containsExactly(1, 2);
        assertThat(lineage.get(1).get("lineage_id")).isEqualTo(lineage.get(0).get("lineage_id"));
    }

    @Test
    void aChunkThatFailsInItsGroupCostsTheOthersNothing() throws Exception {
        String blocker = number("B");
        String failing = number("X");
        List<String> fine = List.of(number("OK1"), number("OK2"), number("OK3"));
        jdbc.execute("""
                create or replace function group_commit_it_refuse() returns trigger language plpgsql as $$
                begin
                  if new.document_number = '%s' then raise exception 'refused by the test'; end if;
                  return new;
                end $$""".formatted(failing));
        jdbc.execute("create trigger group_commit_it_refuse before insert on decision for each row "
                + "execute function group_commit_it_refuse()");
        try {
            GroupCommit.Figures before = chunks.figures();
            List<CompletableFuture<HttpResponse<String>>> answers = behind(blocker, List.of(
                    event(ProjectApprovalFlowIT.unique("EV"), "APPROVED", fine.get(0), null),
                    event(ProjectApprovalFlowIT.unique("EV"), "APPROVED", failing, null),
                    event(ProjectApprovalFlowIT.unique("EV"), "APPROVED", fine.get(1), null),
                    event(ProjectApprovalFlowIT.unique("EV"), "APPROVED", fine.get(2), null)));
            List<Integer> statuses = new ArrayList<>();
            List<String> outcomes = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
                statuses.add(response.statusCode());
                outcomes.add(response.statusCode() == 200 ? json.readTree(response.body()).path("outcome").asText()
                        : "-");
            }
            assertThat(statuses.get(2)).as("the failing one, as it would fail alone").isNotEqualTo(200);
            statuses.remove(2);
            assertThat(statuses).containsOnly(200);
            assertThat(outcomes).containsExactly("ACCEPTED", "ACCEPTED", "-", "ACCEPTED", "ACCEPTED");
            assertThat(chunks.figures().groups() - before.groups()).as("the blocker, the group of four rolled back")
                    .isGreaterThanOrEqualTo(2);
            fine.forEach(doc -> assertThat(decisions(doc)).as(doc).isEqualTo(1));
            assertThat(decisions(failing)).isZero();
            assertThat(jdbc.queryForList("select outcome from raw_input where source = 'project-approval' "
                    + "and position(convert_to(?, 'UTF8') in body) > 0", String.class, failing))
                    .as("kept raw, to be sent again").containsExactly("RECEIVED");
        } finally {
            jdbc.execute("drop trigger if exists group_commit_it_refuse on decision");
            jdbc.execute("drop function if exists group_commit_it_refuse()");
        }
    }

    private static String number(String tag) {
        return "石审批建许〔2026〕" + ProjectApprovalFlowIT.unique("GC" + tag) + "号";
    }

    private static String event(String eventId, String type, String documentNumber, String previous) {
        return ProjectApprovalFlowIT.event(eventId, type, documentNumber, previous, ZJ_MATTER, USCC);
    }

    private int decisions(String documentNumber) {
        return jdbc.queryForObject("select count(*) from decision where document_number = ?", Integer.class,
                documentNumber);
    }

    /**
     * Posts an event of {@code blocker} while a test transaction holds its lineage lock, so that its chunk (alone in its
     * group) waits with the writer taken; then the events, one by one once the one before waits for the writer, so
     * that they make the next group in this order; then lets the lock go. Nothing is answered before that.
     */
    private List<CompletableFuture<HttpResponse<String>>> behind(String blocker, List<String> events) throws Exception {
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        try (Connection holder = lineageLock(blocker)) {
            answers.add(send(event(ProjectApprovalFlowIT.unique("EV"), "APPROVED", blocker, null)));
            awaitBlockedOnLineageLock(blocker);
            int waiting = chunks.figures().waiting();
            for (String event : events) {
                answers.add(send(event));
                int expected = ++waiting;
                await().atMost(Duration.ofSeconds(30)).until(() -> chunks.figures().waiting() >= expected);
            }
            assertThat(answers).as("nothing is answered before it is committed").noneMatch(CompletableFuture::isDone);
            assertThat(decisions(blocker)).isZero();
            holder.rollback();
        }
        return answers;
    }

    /** Holds the lineage lock the intake takes for this document number, until the connection's transaction ends. */
    private Connection lineageLock(String documentNumber) throws Exception {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(hashtextextended(?, 7))")) {
            lock.setString(1, documentNumber);
            lock.execute();
        }
        return connection;
    }

    private void awaitBlockedOnLineageLock(String documentNumber) {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("""
                select count(*) from pg_locks where locktype = 'advisory' and not granted
                and ((classid::bigint << 32) | objid::bigint) = hashtextextended(?, 7)""", Integer.class,
                documentNumber) > 0);
    }

    private CompletableFuture<HttpResponse<String>> send(String event) {
        byte[] body = event.getBytes(StandardCharsets.UTF_8);
        String timestamp = Long.toString(System.currentTimeMillis());
        return client.sendAsync(HttpRequest.newBuilder(uri("/ingest/project-approval"))
                .header("Content-Type", "application/json").header("X-Gcjs-Timestamp", timestamp)
                .header("X-Gcjs-Signature", WebhookSignature.sign(SECRET, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
