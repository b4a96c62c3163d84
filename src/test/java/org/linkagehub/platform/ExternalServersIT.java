package org.linkagehub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkagehub.LinkageHubApplication;
import org.linkagehub.delivery.BrokerQueuesHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Production's switch: with {@code spring.datasource.url} and {@code spring.artemis.broker-url} set, the hub
 * starts neither embedded server, Flyway migrates the configured database, and decisions reach the configured
 * broker — with no code change. A department queue the configured broker lacks holds its deliveries in the outbox,
 * named in the health, until the queue is added there.
 */
class ExternalServersIT {

    @TempDir
    Path dir;

    @Test
    void runsOnConfiguredServersInsteadOfEmbeddedOnes() throws Exception {
        int brokerPort = freePort();
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(new ConfigurationImpl()
                .setPersistenceEnabled(false).setSecurityEnabled(false)
                .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + brokerPort));
        broker.start();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg"))
                .setCleanDataDirectory(true).start()) {
            ConfigurableApplicationContext hub = new SpringApplicationBuilder(LinkageHubApplication.class).run(
                    "--server.port=0",
                    "--linkage.data-dir=" + dir.resolve("hub-data"),
                    "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                    "--spring.datasource.username=postgres",
                    "--spring.datasource.password=postgres",
                    "--spring.artemis.broker-url=tcp://127.0.0.1:" + brokerPort,
                    "--linkage.sources.project-approval.secret=external-secret",
                    "--linkage.demo.simulators=false",
                    "--linkage.broker.queue-check-interval=PT1S");
            try {
                assertThat(hub.getBeanNamesForType(EmbeddedActiveMQ.class)).isEmpty();
                assertThat(hub.getBeanNamesForType(EmbeddedPostgres.class)).isEmpty();
                assertThat(hub.getBeanNamesForType(EmbeddedPostgresConfiguration.EmbeddedPostgresWatch.class)).isEmpty();
                // as this server reports them: the test's throw-away server runs with the library's defaults
                Health db = hub.getBean(DatabaseHealthIndicator.class).health();
                assertThat(db.getDetails()).containsEntry("fsync", "off").containsEntry("synchronous_commit", "off")
                        .containsEntry("durable", false).containsEntry("database", "PostgreSQL");
                assertThat(dir.resolve("hub-data/postgres")).doesNotExist();
                assertThat(new JdbcTemplate(postgres.getPostgresDatabase())
                        .queryForObject("select count(*) from flyway_schema_history where success", Integer.class))
                        .isGreaterThanOrEqualTo(2);

                int port = ((WebServerApplicationContext) hub).getWebServer().getPort();
                byte[] body = """
                        {"eventId":"EV-EXT-1","eventType":"APPROVED","spsxbm":"640200-SPJ-JT-0045","spsxmc":"道路货物运输经营许可",\
                        "pfwh":"石审批许〔2026〕E1号","pfrq":"20261121","jsdw":"宁夏沙湖物流有限公司","jsdwdm":"91640202MA77C3D4E0"}"""
                        .getBytes(StandardCharsets.UTF_8);
                String ts = Long.toString(System.currentTimeMillis());
                HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest
                        .newBuilder(URI.create("http://127.0.0.1:" + port + "/ingest/project-approval"))
                        .header("X-Gcjs-Timestamp", ts)
                        .header("X-Gcjs-Signature", WebhookSignature.sign("external-secret", ts, body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);

                // this broker has none of the departments' queues: the decision waits in the outbox, and the broker is
                // not made to auto-create a queue without the department's security settings
                JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
                await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                        "select count(*) from outbox where destination = 'linkage.dept.JT'", Integer.class) == 1);
                Health health = hub.getBean(BrokerQueuesHealthIndicator.class).health();
                assertThat(health.getStatus().getCode()).isEqualTo("ATTENTION");
                Map<?, ?> jt = (Map<?, ?>) health.getDetails().get("JT");
                assertThat(jt.get("waiting")).isEqualTo(1L);
                assertThat((String) jt.get("brokerXml")).contains("<address name=\"linkage.dept.JT\">");
                assertThat(broker.getActiveMQServer().locateQueue("linkage.dept.JT")).isNull();
                assertThat(jdbc.queryForObject("select d.status from delivery d join decision c on c.id = d.decision_id "
                        + "where c.document_number = '石审批许〔2026〕E1号'", String.class)).isEqualTo("PENDING");

                // the operator adds it on the broker: the delivery goes out without anything done on the hub
                broker.getActiveMQServer().createQueue(QueueConfiguration.of("linkage.dept.JT")
                        .setRoutingType(RoutingType.ANYCAST).setAutoCreateAddress(true));
                try (Connection connection = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort)
                        .createConnection()) {
                    connection.start();
                    Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    MessageConsumer consumer = session.createConsumer(session.createQueue("linkage.dept.JT"));
                    TextMessage message = (TextMessage) consumer.receive(30_000);
                    assertThat(message).as("the decision on the configured broker").isNotNull();
                    assertThat(message.getText()).contains("石审批许〔2026〕E1号");
                }
            } finally {
                hub.close();
            }
        } finally {
            broker.stop();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
