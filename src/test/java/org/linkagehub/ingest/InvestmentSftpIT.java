package org.linkagehub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The investment platform's SFTP variant (route {@code investment-sftp}, from the {@code file-drop-sftp} template),
 * on an in-process SSH server (Apache MINA SSHD): an export placed there becomes its decisions, a cut-off one is
 * refused whole, and both are moved on the server — to {@code .done/}, or to {@code .failed/} beside the reason file.
 * Its own context: the route only starts with a host.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class InvestmentSftpIT {

    static final Path ROOT;
    static final SshServer SSHD;
    static final Path SAMPLES = Path.of("mappings/samples/investment");

    static {
        try {
            ROOT = Files.createTempDirectory("linkage-investment-sftp");
            Files.createDirectories(ROOT.resolve("tzxm"));
            SSHD = SshServer.setUpDefaultServer();
            SSHD.setHost("127.0.0.1");
            SSHD.setPort(freePort());
            SSHD.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(ROOT.resolveSibling(ROOT.getFileName()
                    + ".hostkey")));
            SSHD.setPasswordAuthenticator((user, password, session) -> "tzxm".equals(user)
                    && "tzxm-secret".equals(password));
            SSHD.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
            SSHD.setFileSystemFactory(new VirtualFileSystemFactory(ROOT));
            SSHD.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path data = Files.createTempDirectory("linkage-investment-sftp-it");
        int brokerPort = freePort();
        registry.add("linkage.data-dir", data::toString);
        registry.add("linkage.broker.port", () -> brokerPort);
        registry.add("linkage.demo.simulators", () -> false);
        registry.add("linkage.sources.investment.sftp.host", () -> "127.0.0.1");
        registry.add("linkage.sources.investment.sftp.port", SSHD::getPort);
        registry.add("linkage.sources.investment.sftp.username", () -> "tzxm");
        registry.add("linkage.sources.investment.sftp.password", () -> "tzxm-secret");
        registry.add("linkage.sources.investment.sftp.directory", () -> "tzxm");
        registry.add("linkage.sources.investment.sftp.poll-interval", () -> 300);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @AfterAll
    static void stopServer() throws IOException {
        SSHD.stop(true);
    }

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anExportBecomesItsDecisionsAndMovesToDoneOnTheServer() throws IOException {
        Map<String, Object> row = put("TZXM_20261201.csv", Files.readAllBytes(SAMPLES.resolve("TZXM_20261201.csv")));
        assertThat(row).containsEntry("outcome", "ACCEPTED").containsEntry("transport", "sftp");
        assertThat(jdbc.queryForObject("select count(*) from decision where raw_input_id = ? and source_system = ?",
                Integer.class, row.get("id"), "INVESTMENT")).isEqualTo(4);
        assertThat(ROOT.resolve("tzxm/.done/" + row.get("id") + "-TZXM_20261201.csv")).exists();
    }

    @Test
    void aCutOffExportMovesToFailedOnTheServerBesideItsReason() throws IOException {
        Map<String, Object> row = put("TZXM_20261202.csv",
                Files.readAllBytes(SAMPLES.resolve("TZXM_20261202-cut-off.csv")));
        assertThat(row).containsEntry("outcome", "MALFORMED");
        Path failed = ROOT.resolve("tzxm/.failed/" + row.get("id") + "-TZXM_20261202.csv");
        assertThat(failed).exists();
        assertThat(Path.of(failed + ".reason.txt")).content(StandardCharsets.UTF_8).contains("count-mismatch");
    }

    /** Places a file in the server's folder as the platform does (written as .part, then renamed); waits until moved. */
    private Map<String, Object> put(String name, byte[] content) throws IOException {
        Path part = ROOT.resolve("tzxm/" + name + ".part");
        Files.write(part, content);
        Files.move(part, ROOT.resolve("tzxm/" + name));
        await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(ROOT.resolve("tzxm/" + name))
                && jdbc.queryForObject("select count(*) from raw_input where source_ref = ? and outcome <> 'RECEIVED'",
                        Integer.class, name) == 1);
        return jdbc.queryForMap("select id, outcome, transport from raw_input where source_ref = ?", name);
    }
}
