package org.linkagehub.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.linkagehub.cluster.Elections;
import org.linkagehub.ingest.ProjectApprovalProperties;
import org.linkagehub.platform.OutgoingHttp;
import org.linkagehub.platform.WebhookSignature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Plays the project-approval platform: every few seconds it posts a signed approval event to the hub's own
 * webhook, now and then a change of an earlier approval, and once in a while a record with a broken USCC
 * check character, so the quarantine has something to show. Like the real platform it also lists each day's
 * events ({@code GET /api/approvals?date=}, signed, on {@code linkage.demo.project-approval.listing-port}), and one
 * push in seven is "lost" on its way, so the hub's reconciliation has something to find.
 */
@Component
@ConditionalOnProperty(name = "linkage.demo.simulators", havingValue = "true")
class ProjectApprovalSimulator implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ProjectApprovalSimulator.class);
    private static final List<String[]> MATTERS = List.of(
            new String[] {"640200-SPJ-ZJ-0008", "建筑工程施工许可证核发"},
            new String[] {"640200-SPJ-HB-0020", "建设项目环境影响报告书审批"},
            new String[] {"640200-SPJ-HB-0012", "排污许可"});
    private static final String[] BUILDERS = {"宁夏星光置业有限公司", "石嘴山市沙湖建设有限公司", "平罗县恒信环保科技有限公司",
        "宁夏贺兰山建筑工程有限公司", "石嘴山市大武口区城市建设投资有限公司"};
    private static final DateTimeFormatter BASIC = DateTimeFormatter.BASIC_ISO_DATE;

    private final ProjectApprovalProperties properties;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration interval;
    private final RestClient http;
    private final Random random = new Random();
    private final AtomicInteger sequence = new AtomicInteger();
    private final List<Map<String, String>> approved = new ArrayList<>();
    private final Map<LocalDate, List<Map<String, String>>> listed = new ConcurrentHashMap<>();
    /** Document numbers the bureau promised to revoke (the demo's cases, {@link CaseDemo}), revoked next. */
    private final java.util.Queue<String> revocations = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final int listingPort;
    private HttpServer listing;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-project-approval");
        t.setDaemon(true);
        return t;
    });

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

    ProjectApprovalSimulator(ProjectApprovalProperties properties, ObjectMapper json, Clock clock,
            @Value("${linkage.demo.project-approval.interval:PT5S}") Duration interval,
            @Value("${linkage.demo.project-approval.listing-port:8091}") int listingPort, OutgoingHttp http) {
        this.http = http.client(HttpClient.newHttpClient(), Duration.ofSeconds(10));
        this.listingPort = listingPort;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
        this.interval = interval;
    }

    private volatile URI target;

    @EventListener
    void start(WebServerInitializedEvent event) {
        if (!properties.enabled() || event.getApplicationContext().getServerNamespace() != null) {
            return;
        }
        URI target = URI.create("http://127.0.0.1:" + event.getWebServer().getPort() + "/ingest/project-approval");
        try {
            listing = HttpServer.create(new InetSocketAddress("127.0.0.1", listingPort), 0);
            listing.createContext("/api/approvals", this::list);
            listing.start();
        } catch (IOException e) {
            log.warn("Demo: cannot serve the project-approval listing on port {}: {}", listingPort, e.toString());
        }
        this.target = target;
        log.info("Demo: simulating the project-approval platform, one event every {} to {}, its listing on port {}",
                interval, target, listingPort);
    }

    /** Posting starts once the hub is ready: before that Camel may not have started its routes yet. */
    @EventListener(ApplicationReadyEvent.class)
    void startPosting() {
        if (target != null) {
            timer.scheduleWithFixedDelay(() -> whenLeading(() -> post(target)), 1_000, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void post(URI target) {
        try {
            Map<String, String> event = nextEvent();
            LocalDate today = LocalDate.now(clock);
            listed.computeIfAbsent(today, d -> new CopyOnWriteArrayList<>()).add(event);
            listed.keySet().removeIf(day -> day.isBefore(today.minusDays(2)));
            if (sequence.get() % 7 == 0 && !"REVOKED".equals(event.get("eventType"))) {
                log.info("Demo: event {} lost on its way to the hub; the reconciliation will find it", event.get("eventId"));
                return;
            }
            byte[] body = json.writeValueAsBytes(event);
            String timestamp = Long.toString(clock.millis());
            OutgoingHttp.Answer response = OutgoingHttp.call(http.post().uri(target)
                    .header("Content-Type", "application/json")
                    .header("X-Gcjs-Timestamp", timestamp)
                    .header("X-Gcjs-Signature", WebhookSignature.sign(properties.secret(), timestamp, body))
                    .contentLength(body.length).body(out -> out.write(body)), true);
            log.debug("Demo event answered {} {}", response.status(),
                    new String(response.body(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Demo event not delivered: {}", e.toString());
        }
    }

    /** Whether this run approved the decision of that document number (so that it can revoke it). */
    synchronized boolean approvedHere(String documentNumber) {
        return approved.stream().anyMatch(e -> e.get("pfwh").equals(documentNumber));
    }

    /** Revokes the approval of that document number with the next event (what the bureau promised in a reply). */
    void revoke(String documentNumber) {
        revocations.add(documentNumber);
    }

    synchronized Map<String, String> nextEvent() throws JsonProcessingException {
        int n = sequence.incrementAndGet();
        LocalDate today = LocalDate.now(clock);
        String promised = revocations.poll();
        Optional<Map<String, String>> promisedEvent = promised == null ? Optional.empty()
                : approved.stream().filter(e -> e.get("pfwh").equals(promised)).findFirst();
        if (promisedEvent.isPresent()) {
            Map<String, String> revoked = new LinkedHashMap<>(promisedEvent.get());
            approved.remove(promisedEvent.get());
            revoked.put("eventId", "GCJS-EV-" + today.format(BASIC) + "-" + String.format("%06d", n) + "-"
                    + Long.toHexString(clock.millis()));
            revoked.put("eventType", "REVOKED");
            revoked.put("ywh", promised);
            revoked.put("pfwh", promised.replace("号", "-撤" + n + "号"));
            revoked.put("pfrq", today.format(BASIC));
            log.info("Demo: the platform revokes {} as the bureau replied it would", promised);
            return revoked;
        }
        String eventId = "GCJS-EV-" + today.format(BASIC) + "-" + String.format("%06d", n) + "-" + Long.toHexString(clock.millis());
        if (!approved.isEmpty() && n % 4 == 0) {
            Map<String, String> earlier = approved.get(random.nextInt(approved.size()));
            Map<String, String> changed = new LinkedHashMap<>(earlier);
            changed.put("eventId", eventId);
            changed.put("eventType", n % 12 == 0 ? "REVOKED" : "CHANGED");
            changed.put("ywh", earlier.get("pfwh"));
            changed.put("pfwh", earlier.get("pfwh").replace("号", "-" + n + "号"));
            changed.put("pfrq", today.format(BASIC));
            changed.put("yxq", today.plusYears(1).format(BASIC));
            return changed;
        }
        String[] matter = MATTERS.get(random.nextInt(MATTERS.size()));
        String uscc = DemoCodes.randomUscc(random);
        if (n % 9 == 0) {
            // a typing error in the register: the check character no longer matches
            char wrong = uscc.charAt(17) == '0' ? '1' : '0';
            uscc = uscc.substring(0, 17) + wrong;
        }
        Map<String, String> event = new LinkedHashMap<>();
        event.put("eventId", eventId);
        event.put("eventType", "APPROVED");
        event.put("xmdm", today.getYear() + "-640200-47-01-" + String.format("%06d", 100000 + n));
        event.put("xmmc", "石嘴山市演示项目" + n + "号");
        event.put("spsxbm", matter[0]);
        event.put("spsxmc", matter[1]);
        event.put("spbmmc", "石嘴山市审批服务管理局");
        event.put("pfwh", "石审批建许〔" + today.getYear() + "〕" + (1000 + n) + "号");
        event.put("pfrq", today.format(BASIC));
        event.put("jsdw", BUILDERS[random.nextInt(BUILDERS.length)]);
        event.put("jsdwdm", uscc);
        event.put("yxq", "");
        event.put("ywh", "");
        if (n % 9 != 0) {
            approved.add(event);
        }
        return event;
    }


    /** {@code GET /api/approvals?date=yyyy-MM-dd}, signed over an empty body like the webhook. */
    private void list(HttpExchange exchange) throws IOException {
        Optional<String> problem = WebhookSignature.problem(properties.secret(),
                exchange.getRequestHeaders().getFirst("X-Gcjs-Timestamp"),
                exchange.getRequestHeaders().getFirst("X-Gcjs-Signature"), new byte[0], clock.instant(),
                properties.window());
        String query = exchange.getRequestURI().getQuery();
        Map<String, Object> answer;
        int status = 200;
        if (problem.isPresent()) {
            status = 401;
            answer = Map.of("code", 401, "msg", problem.get());
        } else {
            try {
                LocalDate date = LocalDate.parse(query == null ? "" : query.replaceFirst("^date=", ""));
                answer = Map.of("code", 0, "data", listed.getOrDefault(date, List.of()));
            } catch (java.time.format.DateTimeParseException e) {
                status = 400;
                answer = Map.of("code", 400, "msg", "date=yyyy-MM-dd expected");
            }
        }
        byte[] body = json.writeValueAsBytes(answer);
        exchange.getResponseHeaders().add("Content-Type", "application/json;charset=UTF-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
        if (listing != null) {
            listing.stop(0);
        }
    }
}
