package org.linkagehub.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.linkagehub.ingest.ProjectApprovalProperties;
import org.linkagehub.ingest.WebhookSignature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Plays the project-approval platform: every few seconds it posts a signed approval event to the hub's own
 * webhook, now and then a change of an earlier approval, and once in a while a record with a broken USCC
 * check character, so the quarantine has something to show.
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
    private final HttpClient http = HttpClient.newHttpClient();
    private final Random random = new Random();
    private final AtomicInteger sequence = new AtomicInteger();
    private final List<Map<String, String>> approved = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-project-approval");
        t.setDaemon(true);
        return t;
    });

    ProjectApprovalSimulator(ProjectApprovalProperties properties, ObjectMapper json, Clock clock,
            @Value("${linkage.demo.project-approval.interval:PT5S}") Duration interval) {
        this.properties = properties;
        this.json = json;
        this.clock = clock;
        this.interval = interval;
    }

    @EventListener
    void start(WebServerInitializedEvent event) {
        if (!properties.enabled() || event.getApplicationContext().getServerNamespace() != null) {
            return;
        }
        URI target = URI.create("http://127.0.0.1:" + event.getWebServer().getPort() + "/ingest/project-approval");
        timer.scheduleWithFixedDelay(() -> post(target), 1_000, interval.toMillis(), TimeUnit.MILLISECONDS);
        log.info("Demo: simulating the project-approval platform, one event every {} to {}", interval, target);
    }

    private void post(URI target) {
        try {
            byte[] body = json.writeValueAsBytes(nextEvent());
            String timestamp = Long.toString(clock.millis());
            HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("X-Gcjs-Timestamp", timestamp)
                    .header("X-Gcjs-Signature", WebhookSignature.sign(properties.secret(), timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            log.debug("Demo event answered {} {}", response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Demo event not delivered: {}", e.toString());
        }
    }

    synchronized Map<String, String> nextEvent() throws JsonProcessingException {
        int n = sequence.incrementAndGet();
        LocalDate today = LocalDate.now(clock);
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


    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
