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
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.linkagehub.ingest.WebhookSignature;

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

    /** The POST the platform would send, signed now. */
    static HttpRequest signedPost(URI target, String secret, byte[] body) {
        String timestamp = Long.toString(System.currentTimeMillis());
        return HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("X-Gcjs-Timestamp", timestamp)
                .header("X-Gcjs-Signature", WebhookSignature.sign(secret, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
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
