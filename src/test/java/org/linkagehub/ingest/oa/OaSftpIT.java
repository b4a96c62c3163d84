package org.linkagehub.ingest.oa;

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
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.linkagehub.hostile.HostileCase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The OA's SFTP folder, on an in-process SSH server (Apache MINA SSHD) with a temporary root: a file placed
 * there becomes a decision, a bad one is quarantined, and both are moved on the server — to {@code .done/}, or to
 * {@code .failed/} beside the reason file the hub writes there. Its own context: the route only starts with a host.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OaSftpIT {

    static final Path ROOT;
    static final SshServer SSHD;

    static {
        try {
            ROOT = Files.createTempDirectory("linkage-oa-sftp");
            Files.createDirectories(ROOT.resolve("oa"));
            SSHD = SshServer.setUpDefaultServer();
            SSHD.setHost("127.0.0.1");
            SSHD.setPort(freePort());
            SSHD.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(ROOT.resolveSibling(ROOT.getFileName() + ".hostkey")));
            SSHD.setPasswordAuthenticator((user, password, session) -> "oa".equals(user) && "oa-secret".equals(password));
            SSHD.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
            SSHD.setFileSystemFactory(new VirtualFileSystemFactory(ROOT));
            SSHD.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path data = Files.createTempDirectory("linkage-oa-sftp-it");
        int brokerPort = freePort();
        registry.add("linkage.data-dir", data::toString);
        registry.add("linkage.broker.port", () -> brokerPort);
        registry.add("linkage.demo.simulators", () -> false);
        registry.add("linkage.sources.oa.sftp.host", () -> "127.0.0.1");
        registry.add("linkage.sources.oa.sftp.port", SSHD::getPort);
        registry.add("linkage.sources.oa.sftp.username", () -> "oa");
        registry.add("linkage.sources.oa.sftp.password", () -> "oa-secret");
        registry.add("linkage.sources.oa.sftp.directory", () -> "oa");
        registry.add("linkage.sources.oa.sftp.poll-interval", () -> 300);
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
    void aGoodFileBecomesADecisionAndMovesToDoneOnTheServer() throws IOException {
        String doc = OaFiles.uniqueNumber("许");
        String name = "sftp-" + UUID.randomUUID() + ".xml";
        Map<String, Object> row = put(name, OaFiles.grant("UTF-8", doc, "石嘴山市星海建材有限公司").getBytes(StandardCharsets.UTF_8));
        assertThat(row).containsEntry("outcome", "ACCEPTED").containsEntry("transport", "sftp");
        assertThat(jdbc.queryForObject("select decision_type from decision where document_number = ?", String.class, doc))
                .isEqualTo("GRANT");
        assertThat(ROOT.resolve("oa/.done/" + row.get("id") + "-" + name)).exists();
    }

    @Test
    void aBadFileMovesToFailedOnTheServerBesideItsReason() throws IOException {
        String name = "sftp-bad-" + UUID.randomUUID() + ".xml";
        Map<String, Object> row = put(name, "<GongWen><WenHao>未闭合</GongWen>".getBytes(StandardCharsets.UTF_8));
        assertThat(row).containsEntry("outcome", "MALFORMED");
        Path failed = ROOT.resolve("oa/.failed/" + row.get("id") + "-" + name);
        assertThat(failed).exists();
        assertThat(Path.of(failed + ".reason.txt")).content(StandardCharsets.UTF_8).contains("malformed");
    }

    /** The corpus's sftp rows (HostileCase): names, links and poison files on the server, each as its row says. */
    @TestFactory
    Stream<DynamicTest> hostileFilesOnTheServerEndAsTheirRowsSay() {
        return HostileCase.load("sftp").stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            HostileCase.Values values = new HostileCase.Values(null);
            Path target = ROOT.resolve("oa").resolve(c.fileName(values));
            long before = jdbc.queryForObject("select coalesce(max(id), 0) from raw_input", Long.class);
            if (c.file() != null && c.file().containsKey("link")) {
                Files.createSymbolicLink(target, Path.of(c.file().get("link")));
            } else {
                Path tmp = ROOT.resolve(values.id + ".tmp");
                Files.write(tmp, c.oaContent(values));
                Files.move(tmp, target);
            }
            HostileCase.awaitTaken(jdbc, target, before);
            c.verifyStored(jdbc, before);
            try (Stream<Path> root = Files.list(ROOT)) {
                assertThat(root.map(p -> p.getFileName().toString())).as("nothing written beside the folder")
                        .allMatch(n -> n.equals("oa"));
            }
        }));
    }

    /** Places a file in the server's folder as the OA does (written as .tmp, then renamed); waits until moved. */
    private Map<String, Object> put(String name, byte[] content) throws IOException {
        Path tmp = ROOT.resolve("oa/" + name + ".tmp");
        Files.write(tmp, content);
        Files.move(tmp, ROOT.resolve("oa/" + name));
        await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(ROOT.resolve("oa/" + name))
                && jdbc.queryForObject("select count(*) from raw_input where source_ref = ? and outcome <> 'RECEIVED'",
                        Integer.class, name) == 1);
        return jdbc.queryForMap("select id, outcome, transport from raw_input where source_ref = ?", name);
    }
}
