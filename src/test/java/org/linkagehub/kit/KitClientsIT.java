package org.linkagehub.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.linkagehub.HubIntegrationTest;

/** The integration kit's clients, run as a department's IT team would run them, sign for real deliveries. */
class KitClientsIT extends HubIntegrationTest {

    @Test
    void theJavaClientReadsItsFeedAndSignsByQueue() throws Exception {
        List<String> ids = List.of(decision("640200-SPJ-JT-0045", "道路货物运输经营许可", "JT"),
                decision("640200-SPJ-JT-0045", "道路货物运输经营许可", "JT"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String output = run(java, "-cp", System.getProperty("java.class.path"), "src/kit/java/DepartmentClient.java",
                "tcp://127.0.0.1:" + BROKER_PORT, "jt", "demo-jt", "JT", "张三", "1000", "3");
        ids.forEach(id -> assertThat(output).contains("SIGNED " + id));
        awaitSigned(ids);
    }

    @Test
    void thePythonStompClientReadsItsFeedAndSignsByQueue() throws Exception {
        List<String> ids = List.of(decision("640200-SPJ-WJ-0107", "医疗机构执业登记", "WJ"),
                decision("640200-SPJ-WJ-0107", "医疗机构执业登记", "WJ"));
        String output = run("python3", "src/kit/python/stomp_client.py", "--port", String.valueOf(BROKER_PORT),
                "--user", "wj", "--password", "demo-wj", "--code", "WJ", "--signed-by", "李四", "--idle", "3");
        ids.forEach(id -> assertThat(output).contains("SIGNED " + id));
        awaitSigned(ids);
    }

    @Test
    void bothClientsReadCaseLetters() throws Exception {
        String doc = approval("640200-SPJ-JT-0045", "道路货物运输经营许可");
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select count(*) from decision where document_number = ?", Integer.class, doc) > 0);
        String caseRef = "JT-KIT-" + UUID.randomUUID().toString().substring(0, 8);
        var filed = post("/api/v1/cases", bearer("demo-jt"), """
                {"caseRef":"%s","type":"ERRONEOUS_APPROVAL","summary":"许可条件不符","documentNumber":"%s",
                 "requestedAction":"REVOKE","letter":{"documentNumber":"石交函〔2026〕7号","date":"2026-12-01","signer":"周局长"}}
                """.formatted(caseRef, doc));
        assertThat(filed.statusCode()).as(filed.body()).isEqualTo(201);
        String caseId = filed.body().replaceAll(".*\"caseId\":\"([^\"]+)\".*", "$1");
        String bureau = run("python3", "src/kit/python/stomp_client.py", "--port", String.valueOf(BROKER_PORT),
                "--user", "sj", "--password", "demo-sj", "--code", "SJ", "--idle", "3");
        assertThat(bureau).contains("CASE " + caseId + " " + caseRef);

        var replied = post("/api/v1/cases/" + caseId + "/reply", bearer("demo-sj"), """
                {"outcome":"NOTED","letter":{"documentNumber":"石审批函〔2026〕9号","date":"2026-12-02","signer":"张局长"}}""");
        assertThat(replied.statusCode()).as(replied.body()).isEqualTo(200);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String filer = run(java, "-cp", System.getProperty("java.class.path"), "src/kit/java/DepartmentClient.java",
                "tcp://127.0.0.1:" + BROKER_PORT, "jt", "demo-jt", "JT", "张三", "1000", "3");
        assertThat(filer).contains("CASE_REPLY " + caseId + " " + caseRef + " NOTED");
    }

    private void awaitSigned(List<String> ids) {
        for (String id : ids) {
            await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.queryForObject(
                    "select status from delivery where id = ?::uuid", String.class, id), "SIGNED"::equals);
        }
    }

    /** Posts an approval by the signed webhook; answers its document number. */
    private String approval(String matter, String name) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String doc = "石审批许〔2026〕K" + id + "号";
        String body = """
                {"eventId":"EV-K-%s","eventType":"APPROVED","spsxbm":"%s","spsxmc":"%s",\
                "pfwh":"%s","pfrq":"20261121","jsdw":"宁夏星光置业有限公司","jsdwdm":"91640205MA7K8L9M0M"}"""
                .formatted(id, matter, name, doc);
        assertThat(postSigned(body).statusCode()).isEqualTo(200);
        return doc;
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(new File(".")).redirectErrorStream(true).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("client finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private String decision(String matter, String name, String department) {
        String doc = approval(matter, name);
        return await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList("""
                select d.id::text from delivery d join decision c on c.id = d.decision_id
                where c.document_number = ? and d.department = ? and d.status <> 'PENDING'""", String.class, doc,
                department).stream().findFirst().orElse(null), v -> v != null);
    }
}
