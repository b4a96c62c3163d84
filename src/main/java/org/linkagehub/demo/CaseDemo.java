package org.linkagehub.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.linkagehub.cluster.Elections;
import org.linkagehub.platform.BeijingTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Plays both ends of the loop back (issue 12), through the hub's public API with the demo tokens, so that a newcomer
 * sees cases and replies flow within minutes: every {@code linkage.demo.cases.interval} a department files a case
 * about a decision it received — ZJ an erroneous approval of a project-approval decision, asking for its revocation;
 * STHJ a penalty it imposed on a party of one of its decisions — and the bureau (SJ) answers the demo's own cases
 * ({@code caseRef} starting {@code DEMO-}) {@code linkage.demo.cases.reply-after} later: it promises to revoke the
 * erroneous approval and asks the project-approval simulator to post that revocation, which closes the case by
 * itself; it notes the penalty, which closes it at once. Cases a person files stay untouched for them to answer.
 * The departments also check the commitment grants the simulated platforms make ({@link #checkCommitments}).
 */
@Component
@ConditionalOnProperty(name = "linkage.demo.simulators", havingValue = "true")
class CaseDemo implements DisposableBean {

    static final String PREFIX = "DEMO-";
    private static final Logger log = LoggerFactory.getLogger(CaseDemo.class);

    private final RestClient.Builder builder;
    private final ObjectMapper json;
    private final Clock clock;
    private final ProjectApprovalSimulator projectApproval;
    private final Duration interval;
    private final Duration replyAfter;
    private final AtomicInteger sequence = new AtomicInteger();
    private final Set<String> used = ConcurrentHashMap.newKeySet();
    private final Map<String, String> cursors = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-cases");
        t.setDaemon(true);
        return t;
    });
    private volatile RestClient hub;

    /**
     * With several hubs, only the one leading demo-simulators plays this platform (one simulated platform for the
     * whole city, whichever hub runs it); alone: always.
     */
    private volatile Predicate<String> leads = namespace -> true;

    @Autowired
    void elections(Elections elections) {
        this.leads = elections::leads;
    }

    private void whenLeading(Runnable tick) {
        if (leads.test("demo-simulators")) {
            tick.run();
        }
    }

    CaseDemo(RestClient.Builder builder, ObjectMapper json, Clock clock, ProjectApprovalSimulator projectApproval,
            @Value("${linkage.demo.cases.interval:PT40S}") Duration interval,
            @Value("${linkage.demo.cases.reply-after:PT20S}") Duration replyAfter) {
        this.builder = builder;
        this.json = json;
        this.clock = clock;
        this.projectApproval = projectApproval;
        this.interval = interval;
        this.replyAfter = replyAfter;
    }

    @EventListener
    void port(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() == null) {
            talkTo("http://127.0.0.1:" + event.getWebServer().getPort());
        }
    }

    /** The hub's own base URL, where both ends of the loop call its API. */
    void talkTo(String baseUrl) {
        hub = builder.clone().baseUrl(baseUrl).build();
    }

    /** Starts once the hub is ready and the departments have had time to receive a few decisions. */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (hub == null || interval.isZero() || interval.isNegative()) {
            return;
        }
        long every = interval.toMillis();
        timer.scheduleWithFixedDelay(() -> whenLeading(this::round), Math.min(every, 30_000), Math.min(every, 10_000),
                TimeUnit.MILLISECONDS);
        log.info("Demo: departments file a case every {}; the bureau answers the demo's cases after {}", interval,
                replyAfter);
    }

    private volatile Instant lastFiled = Instant.EPOCH;

    /** One tick: the bureau answers what is due, and a department files when the interval has passed. */
    void round() {
        try {
            answerDue();
            checkCommitments();
            if (!clock.instant().isBefore(lastFiled.plus(interval))) {
                if (sequence.incrementAndGet() % 2 == 1 ? fileErroneousApproval() : filePenalty()) {
                    lastFiled = clock.instant();
                }
            }
        } catch (RestClientException | IllegalStateException e) {
            log.warn("Demo cases: {}", e.toString());
        }
    }

    /** ZJ asks the bureau to revoke a project-approval decision it received. */
    boolean fileErroneousApproval() {
        JsonNode decision = receivedDecision("ZJ",
                m -> projectApproval.approvedHere(m.path("documentNumber").asText()));
        if (decision == null) {
            return false;
        }
        Map<String, Object> body = caseOf("ZJ", "ERRONEOUS_APPROVAL", "经核查，申请人提交的施工图审查合格书与实际不符，不符合审批条件");
        body.put("decisionId", decision.path("decisionId").asText());
        body.put("requestedAction", "REVOKE");
        body.put("letter", letter("石建函", "王局长"));
        return file("ZJ", body, decision.path("documentNumber").asText());
    }

    /** STHJ reports a penalty it imposed on the company of one of its decisions. */
    boolean filePenalty() {
        JsonNode decision = receivedDecision("STHJ", m -> m.path("subject").hasNonNull("uscc"));
        if (decision == null) {
            return false;
        }
        Map<String, Object> body = caseOf("STHJ", "PENALTY_DECISION", "企业未按排污许可证规定排放污染物，已作出行政处罚");
        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("name", decision.path("subject").path("name").asText());
        subject.put("uscc", decision.path("subject").path("uscc").asText());
        body.put("subject", subject);
        LocalDate today = LocalDate.now(clock.withZone(BeijingTime.ZONE));
        body.put("penalty", Map.of("documentNumber", "石环罚〔" + today.getYear() + "〕" + (100 + sequence.get()) + "号",
                "decisionDate", today.toString(), "category", "罚款",
                "fine", Map.of("amount", 2, "unit", "WAN_YUAN"), "basis", "《中华人民共和国水污染防治法》第八十三条"));
        body.put("letter", letter("石环函", "赵局长"));
        return file("STHJ", body, decision.path("documentNumber").asText());
    }

    private Map<String, Object> caseOf(String department, String type, String summary) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("caseRef", PREFIX + department + "-" + Long.toString(clock.millis(), 36) + "-" + sequence.get());
        body.put("type", type);
        body.put("summary", summary);
        return body;
    }

    private Map<String, Object> letter(String prefix, String signer) {
        LocalDate today = LocalDate.now(clock.withZone(BeijingTime.ZONE));
        return Map.of("documentNumber", prefix + "〔" + today.getYear() + "〕" + (10 + sequence.get()) + "号",
                "date", today.toString(), "signer", signer);
    }

    private boolean file(String department, Map<String, Object> body, String about) {
        JsonNode answer = hub.post().uri("/api/v1/cases").header("Authorization", "Bearer " + token(department))
                .contentType(MediaType.APPLICATION_JSON).body(body).retrieve().body(JsonNode.class);
        log.info("Demo: {} filed case {} ({}) about {}: {}", department, body.get("caseRef"), body.get("type"), about,
                answer == null ? "?" : answer.path("status").asText());
        return true;
    }

    /**
     * The newest granted decision the department received that fits and that no demo case names yet, reading its feed
     * from where the last call stopped (the feed lists the oldest change first).
     */
    private JsonNode receivedDecision(String department, Predicate<JsonNode> fitting) {
        JsonNode found = null;
        for (int page = 0; page < 10; page++) {
            String since = cursors.get(department);
            JsonNode feed = hub.get().uri(b -> {
                b.path("/api/v1/departments/{code}/deliveries").queryParam("size", 200);
                if (since != null) {
                    b.queryParam("since", since);
                }
                return b.build(department);
            }).header("Authorization", "Bearer " + token(department)).retrieve().body(JsonNode.class);
            if (feed == null) {
                break;
            }
            for (JsonNode item : feed.path("items")) {
                JsonNode m = item.path("message");
                if ("GRANT".equals(m.path("decisionType").asText()) && fitting.test(m)
                        && !used.contains(m.path("lineageId").asText())) {
                    found = m;
                }
            }
            if (!feed.hasNonNull("next") || feed.path("items").isEmpty()) {
                break;
            }
            cursors.put(department, feed.path("next").asText());
        }
        if (found != null) {
            used.add(found.path("lineageId").asText());
        }
        return found;
    }

    /** The bureau answers the demo's open cases that were filed at least {@code replyAfter} ago. */
    void answerDue() {
        JsonNode open = hub.get().uri("/api/v1/cases?status=OPEN&size=200").header("Authorization", "Bearer "
                + token("SJ")).retrieve().body(JsonNode.class);
        Instant due = clock.instant().minus(replyAfter);
        for (JsonNode c : open == null ? json.createArrayNode() : open.path("items")) {
            // the demo's own letters, and the commitment mismatches its departments found (caseRef TASK-…)
            boolean demo = c.path("caseRef").asText().startsWith(PREFIX)
                    || "COMMITMENT_MISMATCH".equals(c.path("type").asText());
            if (demo && OffsetDateTime.parse(c.path("filedAt").asText()).toInstant().isBefore(due)) {
                answer(c);
            }
        }
    }

    private void answer(JsonNode c) {
        boolean erroneous = "ERRONEOUS_APPROVAL".equals(c.path("type").asText());
        boolean mismatch = "COMMITMENT_MISMATCH".equals(c.path("type").asText());
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("outcome", erroneous ? "WILL_REVOKE" : mismatch ? "RECTIFY" : "NOTED");
        reply.put("letter", letter("石审批函", "张局长"));
        reply.put("note", erroneous ? "经复核，将依法撤销该许可" : mismatch ? "责令限期整改" : "已知悉，纳入信用记录");
        if (mismatch) {
            reply.put("rectifyBy", LocalDate.now(clock.withZone(BeijingTime.ZONE)).plusDays(7).toString());
        }
        hub.post().uri("/api/v1/cases/{id}/reply", c.path("caseId").asText())
                .header("Authorization", "Bearer " + token("SJ")).contentType(MediaType.APPLICATION_JSON).body(reply)
                .retrieve().toBodilessEntity();
        log.info("Demo: the bureau replied {} to case {}", reply.get("outcome"), c.path("caseRef").asText());
        if (erroneous) {
            projectApproval.revoke(c.path("documentNumber").asText());
        }
    }

    /**
     * The departments check the commitment grants they were given (issue 13): two tasks in three are answered
     * {@code replyAfter} after they opened, most VERIFIED, one in four MISMATCH; the rest stay open, so the task list
     * shows deadlines running.
     */
    void checkCommitments() {
        reportRectifications();
        JsonNode open = hub.get().uri("/api/v1/tasks?status=OPEN&size=200").header("Authorization", operator())
                .retrieve().body(JsonNode.class);
        Instant due = clock.instant().minus(replyAfter);
        for (JsonNode t : open == null ? json.createArrayNode() : open.path("items")) {
            String id = t.path("taskId").asText();
            int draw = Math.floorMod(id.hashCode(), 12);
            if (draw % 3 == 2 || !OffsetDateTime.parse(t.path("openedAt").asText()).toInstant().isBefore(due)) {
                continue;
            }
            Map<String, Object> result = draw < 3
                    ? Map.of("result", "MISMATCH", "summary", "现场核查发现，申请人实际条件与其承诺不符")
                    : Map.of("result", "VERIFIED");
            String department = t.path("department").asText();
            hub.post().uri("/api/v1/tasks/{id}/result", id).header("Authorization", "Bearer " + token(department))
                    .contentType(MediaType.APPLICATION_JSON).body(result).retrieve().toBodilessEntity();
            log.info("Demo: {} checked the commitment of {}: {}", department, t.path("documentNumber").asText(),
                    result.get("result"));
        }
    }

    /** The departments report on the mismatches the bureau ordered rectified: two in three rectified, one not. */
    void reportRectifications() {
        JsonNode rectifying = hub.get().uri("/api/v1/cases?status=RECTIFYING&size=200")
                .header("Authorization", operator()).retrieve().body(JsonNode.class);
        Instant due = clock.instant().minus(replyAfter.multipliedBy(2));
        for (JsonNode c : rectifying == null ? json.createArrayNode() : rectifying.path("items")) {
            if (!OffsetDateTime.parse(c.path("filedAt").asText()).toInstant().isBefore(due)) {
                continue;
            }
            boolean rectified = Math.floorMod(c.path("caseId").asText().hashCode(), 3) != 0;
            String department = c.path("department").asText();
            hub.post().uri("/api/v1/cases/{id}/rectification", c.path("caseId").asText())
                    .header("Authorization", "Bearer " + token(department)).contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("rectified", rectified, "note", rectified ? "复查：已整改到位" : "复查：逾期未整改"))
                    .retrieve().toBodilessEntity();
            log.info("Demo: {} reports case {} {}", department, c.path("caseRef").asText(),
                    rectified ? "rectified" : "not rectified");
        }
    }

    private static String operator() {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(
                "operator:operator".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String token(String department) {
        return "demo-" + department.toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
