package org.linkagehub.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.linkagehub.demo.MarketViewDatabase;
import org.linkagehub.platform.WebhookSignature;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What the benchmarks share: the project-approval platform's signed event for matter {@value #MATTER} (routed
 * to ZJ, PRIMARY, and YJ, ASSIST), a department's broker connection, and the one-row result table.
 */
final class BenchSupport {

    static final String MATTER = "640200-SPJ-ZJ-0008";
    static final Map<String, String> EXPECTED_ROLE = Map.of("ZJ", "PRIMARY", "YJ", "ASSIST");
    private static final String USCC = "91640205MA7K8L9M0M";
    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchSupport() {
    }

    /** A fresh document number of the benchmark's run; unique across runs and phases. */
    static String documentNumber(LocalDate today, String phaseTag, int i) {
        return "石审批建许〔" + today.getYear() + "〕" + phaseTag + "-" + String.format("%06d", i) + "号";
    }

    /** The platform's APPROVED event for one document, as bytes to sign. */
    static byte[] approvedEvent(LocalDate today, String phaseTag, int i, String number) {
        Map<String, String> event = new LinkedHashMap<>();
        event.put("eventId", "GCJS-EV-" + today.format(DateTimeFormatter.BASIC_ISO_DATE) + "-" + phaseTag + "-"
                + String.format("%06d", i));
        event.put("eventType", "APPROVED");
        event.put("xmdm", today.getYear() + "-640200-47-01-" + String.format("%06d", i));
        event.put("xmmc", "石嘴山市压测项目" + i + "号");
        event.put("spsxbm", MATTER);
        event.put("spsxmc", "建筑工程施工许可证核发");
        event.put("spbmmc", "石嘴山市审批服务管理局");
        event.put("pfwh", number);
        event.put("pfrq", today.format(DateTimeFormatter.BASIC_ISO_DATE));
        event.put("jsdw", "宁夏星光置业有限公司");
        event.put("jsdwdm", USCC);
        event.put("yxq", "");
        event.put("ywh", "");
        try {
            return JSON.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One row of the market-supervision view {@code "V_XK_GS"}: a 食品经营许可 ({@code 640200-SPJ-SP-0031}, routed to
     * SCJG) whose document number carries {@code tag} (find a run's decisions by it), changed at {@code sjc}.
     */
    static Map<String, String> marketRow(long id, String tag, LocalDateTime sjc) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("ID", Long.toString(id));
        row.put("XK_WSH", "石审批许〔2026〕" + tag + "-" + id + "号");
        row.put("XK_XKWS", "食品经营许可决定书");
        row.put("XK_XKZS", "食品经营许可证");
        row.put("XK_XKBH", "JY1640202" + String.format("%07d", id));
        row.put("XK_XDR_MC", "石嘴山市贺兰山食品有限公司");
        row.put("XK_XDR_LB", "法人及非法人组织");
        row.put("XK_XDR_SHXYM", id % 2 == 0 ? "91640200MA76T7U8WQ" : "９１６４０２００ＭＡ７６Ｔ７Ｕ８ＷＱ");
        row.put("XK_JDRQ", "20261120");
        row.put("XK_YXQZ", "2026/11/20");
        row.put("XK_YXQZI", "2099-12-31");
        row.put("XK_XKJG", "石嘴山市审批服务管理局");
        row.put("XK_ZT", "1");
        row.put("SXBM", "640200-SPJ-SP-0031");
        row.put("SJC", sjc.format(MarketViewDatabase.SJC_TEXT));
        return row;
    }

    /** The POST the platform would send, signed now. */
    static HttpRequest signedPost(URI target, String secret, byte[] body) {
        String timestamp = Long.toString(System.currentTimeMillis());
        return HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("X-Gcjs-Timestamp", timestamp)
                .header("X-Gcjs-Signature", WebhookSignature.sign(secret, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /**
     * Points the hub's market-supervision source at database {@code database} of the embedded PostgreSQL on
     * {@code postgresPort}, with its timer all but off: the benchmark polls by hand.
     */
    static void marketView(DynamicPropertyRegistry registry, int postgresPort, String database) {
        registry.add("linkage.sources.market-supervision.url",
                () -> "jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + database);
        registry.add("linkage.sources.market-supervision.username", () -> "postgres");
        registry.add("linkage.sources.market-supervision.password", () -> "postgres");
        registry.add("linkage.sources.market-supervision.poll-interval", () -> "24h");
    }

    /** A department's own system: its broker user over the broker's TCP acceptor. Not started. */
    static Connection departmentConnection(int brokerPort, String department) throws JMSException {
        String user = department.toLowerCase(Locale.ROOT);
        return new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort).createConnection(user, "demo-" + user);
    }

    /** A Markdown table of one row, columns as wide as their widest cell, printed and kept under target/bench/. */
    static String table(String title, Map<String, String> row, String footer, String file) throws IOException {
        StringBuilder header = new StringBuilder("|");
        StringBuilder rule = new StringBuilder("|");
        StringBuilder values = new StringBuilder("|");
        row.forEach((k, v) -> {
            int w = Math.max(k.length(), v.length());
            header.append(' ').append(pad(k, w)).append(" |");
            rule.append('-').append("-".repeat(w)).append(":|");
            values.append(' ').append(pad(v, w)).append(" |");
        });
        String table = title + "\n" + header + "\n" + rule + "\n" + values + "\n" + footer;
        System.out.println();
        System.out.println(table);
        Path out = Path.of("target", "bench", file);
        Files.createDirectories(out.getParent());
        Files.writeString(out, table + System.lineSeparator(), StandardCharsets.UTF_8);
        return table;
    }

    static String ms(long micros) {
        return String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port for the broker", e);
        }
    }

    private static String pad(String s, int width) {
        return " ".repeat(width - s.length()) + s;
    }
}
