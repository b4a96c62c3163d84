package org.linkagehub.commitments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.linkagehub.HubIntegrationTest;
import org.linkagehub.platform.Queues;

/** What the commitment ITs share: grants posted as paper, tasks found by document number, queues read by taskId. */
abstract class TaskTestSupport extends HubIntegrationTest {

    static final String ZJ_MATTER = "640200-SPJ-ZJ-0008";
    final ObjectMapper mapper = new ObjectMapper();
    final JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(Path.of("mappings/schemas/task-message.schema.json").toUri());

    String grant(String date, boolean commitment) {
        return grant(date, commitment, ZJ_MATTER, "建筑工程施工许可证核发");
    }

    String grant(String date, boolean commitment, String matter, String matterName) {
        String doc = "石审批许〔2026〕T" + UUID.randomUUID().toString().substring(0, 8) + "号";
        var created = post("/api/v1/decisions/manual", basic("operator", "operator"), """
                {"documentNumber":"%s","decisionType":"GRANT","decisionDate":"%s",
                 "matter":{"code":"%s","name":"%s"},
                 "subject":{"category":"ORGANIZATION","name":"宁夏星光置业有限公司","uscc":"91640205MA7K8L9M0M"},
                 "commitment":%s}""".formatted(doc, date, matter, matterName, commitment));
        assertThat(created.statusCode()).as(created.body()).isLessThan(300);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select count(*) from decision where document_number = ?", Integer.class, doc) > 0);
        return doc;
    }

    String taskOf(String doc) throws Exception {
        JsonNode list = mapper.readTree(get("/api/v1/tasks?status=OPEN&size=200", bearer("demo-zj")).body());
        for (JsonNode item : list.get("items")) {
            if (doc.equals(item.get("documentNumber").asText())) {
                assertThat(item.get("department").asText()).isEqualTo("ZJ");
                assertThat(item.get("status").asText()).isEqualTo("OPEN");
                return item.get("taskId").asText();
            }
        }
        throw new AssertionError("no open task for " + doc + " in " + list);
    }

    String status(String taskId) {
        return jdbc.queryForObject("select status from verification_task where id = ?::uuid", String.class, taskId);
    }

    java.net.http.HttpResponse<String> result(String taskId, String token, String body) {
        return post("/api/v1/tasks/" + taskId + "/result", bearer(token), body);
    }

    /** Reads the department's queue as its system would, selecting the task's messages by their taskId property. */
    JsonNode message(String user, String password, String code, String taskId, String type) throws Exception {
        try (Connection connection = departmentConnection(user, password);
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue(Queues.department(code)),
                        "taskId = '" + taskId + "' and messageType = '" + type + "'")) {
            TextMessage m = (TextMessage) consumer.receive(Duration.ofSeconds(20).toMillis());
            assertThat(m).as(type + " for task " + taskId + " on " + code).isNotNull();
            assertThat(m.getStringProperty("_AMQ_DUPL_ID")).isEqualTo("task:" + taskId + ":" + type + ":" + code);
            JsonNode node = mapper.readTree(m.getText());
            assertThat(node.get("messageType").asText()).isEqualTo(type);
            assertThat(node.get("taskId").asText()).isEqualTo(taskId);
            assertThat(schema.validate(node)).extracting(ValidationMessage::getMessage).isEmpty();
            return node;
        }
    }
}
