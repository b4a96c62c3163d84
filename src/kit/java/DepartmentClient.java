import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.TransactionRolledBackException;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * Linkage Hub department client over JMS (Artemis CORE), a single file run by Java's source launcher:
 *
 * <pre>
 * java -cp "artemis-jakarta-client-all.jar" DepartmentClient.java tcp://127.0.0.1:61616 zj demo-zj ZJ [signedBy] [max] [idleSeconds]
 * </pre>
 *
 * With the production broker pair the URL names both nodes and the client follows the active one
 * ({@code (tcp://node-a:61616,tcp://node-b:61616)?ha=true&reconnectAttempts=-1&callFailoverTimeout=30000}, the kit's
 * README, "Fail-over"); a commit cut by the switch fails, and unless it went through the message comes again.
 *
 * Reads the department's queue {@code linkage.dept.<CODE>} in one transacted session: for each delivery it sends
 * a SIGNED receipt to the department's own receipts address {@code linkage.receipts.<CODE>} (only its broker user may
 * send there, so the broker vouches for the sender) and commits the receipt and the read together, so a crash in
 * between repeats both (receipts are idempotent) and loses neither. Prints one line per delivery and stops after
 * {@code max} messages or when none came for {@code idleSeconds}. Letters about cases (issue 12: {@code CASE} on the
 * bureau's queue, {@code CASE_REPLY} and {@code CASE_REFUSED} on the filer's) are printed with their case id and
 * not signed: they are not deliveries.
 */
public class DepartmentClient {

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: DepartmentClient <broker-url> <user> <password> <CODE> [signedBy] [max] [idleSeconds]");
            System.exit(2);
        }
        String url = args[0];
        String code = args[3].toUpperCase();
        String signedBy = args.length > 4 ? args[4] : null;
        int max = args.length > 5 ? Integer.parseInt(args[5]) : 100;
        long idleMillis = (long) ((args.length > 6 ? Double.parseDouble(args[6]) : 5.0) * 1000);
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url, args[1], args[2]);
                Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer feed = session.createConsumer(session.createQueue("linkage.dept." + code));
            MessageProducer receipts = session.createProducer(session.createQueue("linkage.receipts." + code));
            for (int handled = 0; handled < max; handled++) {
                Message message = feed.receive(idleMillis);
                if (message == null) {
                    break;
                }
                String body = message instanceof TextMessage text ? text.getText() : bytes((BytesMessage) message);
                String deliveryId = message.getStringProperty("deliveryId");
                String type = message.getStringProperty("messageType");
                if (type != null && type.startsWith("CASE")) {
                    // a letter about a case (CASE to the bureau, CASE_REPLY / CASE_REFUSED to the filer): it names
                    // the case in its caseId property and body; hand it to whoever handles letters
                    session.commit();
                    System.out.println(type + " " + message.getStringProperty("caseId") + " " + field(body, "caseRef")
                            + " " + field(body, "outcome"));
                    continue;
                }
                if (message.getStringProperty("taskId") != null) {
                    // a verification task of a commitment grant (TASK, or its WARNING / ESCALATION): check the facts,
                    // then POST /api/v1/tasks/{taskId}/result; not a delivery, so not signed
                    session.commit();
                    System.out.println(type + " task " + message.getStringProperty("taskId") + " "
                            + field(body, "documentNumber") + " due " + field(body, "dueAt"));
                    continue;
                }
                if (type != null && !type.equals("DECISION")) {
                    // a warning, reminder or escalation about a delivery already received: read, not signed again
                    session.commit();
                    System.out.println("NOTICE " + type + " " + deliveryId);
                    continue;
                }
                receipts.send(session.createTextMessage("{\"deliveryId\":\"" + deliveryId + "\",\"status\":\"SIGNED\""
                        + (signedBy == null ? "" : ",\"signedBy\":\"" + signedBy.replace("\"", "") + "\"")
                        + ",\"at\":\"" + OffsetDateTime.now() + "\"}"));
                if (!committed(session)) {
                    System.out.println("AGAIN " + deliveryId + " (the broker switched over during the commit: unless it"
                            + " went through, the message comes again and is signed again, harmlessly)");
                    handled--;
                    continue;
                }
                System.out.println("SIGNED " + deliveryId + " (" + body.length() + " characters, schemaVersion "
                        + message.getIntProperty("schemaVersion") + ")");
            }
        }
    }

    /**
     * Commits the read (and the receipt); false when the broker pair switched over during the commit. The commit
     * may or may not have gone through (Artemis cannot tell): if not, the message comes again from the node that
     * took over and is signed again, which changes nothing (receipts are idempotent).
     */
    private static boolean committed(Session session) throws Exception {
        try {
            session.commit();
            return true;
        } catch (TransactionRolledBackException e) {
            return false;
        }
    }

    /**
     * A top-level string field of the JSON body, or "-": enough for printing; a real client reads the body with its
     * JSON library against {@code mappings/schemas/case-message.schema.json}.
     */
    private static String field(String json, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"")
                .matcher(json);
        return m.find() ? m.group(1) : "-";
    }

    private static String bytes(BytesMessage message) throws Exception {
        byte[] body = new byte[(int) message.getBodyLength()];
        message.readBytes(body);
        return new String(body, StandardCharsets.UTF_8);
    }
}
