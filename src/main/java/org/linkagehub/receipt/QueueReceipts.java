package org.linkagehub.receipt;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.linkagehub.canonical.StrictInput;
import org.linkagehub.delivery.DeliveryStatus;
import org.linkagehub.departments.Department;
import org.linkagehub.departments.DepartmentRegistry;
import org.linkagehub.platform.Queues;
import org.linkagehub.raw.RawInput;
import org.linkagehub.raw.RawInputStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Receipts by queue (route {@code receipts-from-queue}, a batch at a time: {@link ReceiptDrain}), all read from the
 * hub's one inbox {@code linkage.hub.receipts}, which the broker's wildcard routing feeds from
 * {@code linkage.receipts} and from every department's own address {@code linkage.receipts.<CODE>}; each message
 * keeps the address it was sent to. The sender is named by the broker, never by the message, so a department can acknowledge only its own deliveries:
 * <ul>
 * <li>sent to {@code linkage.receipts.<CODE>}: that department, for only its broker role may send there (the
 * broker's security settings, over CORE, AMQP and STOMP alike). Any {@code _AMQ_VALIDATED_USER} is ignored.</li>
 * <li>sent to {@code linkage.receipts}: the broker-validated user ({@code _AMQ_VALIDATED_USER}, which the broker
 * overwrites from the connection's login on CORE and STOMP messages). Artemis leaves AMQP messages untouched
 * (ARTEMIS-1092; still so in 2.44, which {@code QueueChannelIT} asks the broker), so on an AMQP message that
 * property is whatever the sender wrote: such a receipt is refused and the department told to use its own
 * address.</li>
 * </ul>
 * A receipt with {@code caseId} instead of {@code deliveryId} is the approval bureau signing for a case
 * ({@link CaseReceipts}): status SIGNED only, and only for a case sent to the sender.
 * Every message is stored raw first; one the hub cannot apply is recorded as a refusal with its reason and consumed,
 * so it is neither lost nor redelivered for ever. A STOMP SEND with {@code content-length} arrives as a
 * BytesMessage, a STOMP SEND without it, a JMS or an AMQP text message as text: both are read as UTF-8 JSON.
 */
@Component
public class QueueReceipts {

    static final String VALIDATED_USER = "_AMQ_VALIDATED_USER";
    /**
     * What Artemis' AMQP-to-CORE conversion adds to every message it converts for the hub's CORE consumer:
     * {@code JMS_AMQP_ORIGINAL_ENCODING} for every body that can hold JSON, plus {@code JMS_AMQP_HEADER…} and
     * {@code JMS_AMQP_MA_…} for the header and message annotations AMQP clients send. The one body it converts without
     * a marker, an AMQP value of another type than text, binary, list or map, becomes the encoded AMQP section, which
     * starts with a zero byte and so is never a JSON receipt. A CORE or STOMP sender that writes such a property only
     * gets its own receipt refused.
     */
    static final String AMQP_CONVERSION_PREFIX = "JMS_AMQP_";
    static final String AMQP_REFUSAL = "sent over AMQP to " + Queues.RECEIPTS + ": Artemis records no validated "
            + "sender for AMQP messages, so their " + VALIDATED_USER + " is not trusted; send receipts to your "
            + "department's own address " + Queues.DEPARTMENT_RECEIPTS_PREFIX + "<CODE> (e.g. "
            + Queues.departmentReceipts("ZJ") + "), over any protocol";
    private static final Logger log = LoggerFactory.getLogger(QueueReceipts.class);

    private final RawInputStore raw;
    private final ReceiptService receipts;
    private final ReceiptRefusals refusals;
    private final DepartmentRegistry departments;
    private final CaseReceipts cases;
    private final TransactionTemplate transaction;

    public QueueReceipts(RawInputStore raw, ReceiptService receipts, ReceiptRefusals refusals,
            DepartmentRegistry departments, CaseReceipts cases, TransactionTemplate transaction) {
        this.raw = raw;
        this.receipts = receipts;
        this.refusals = refusals;
        this.departments = departments;
        this.cases = cases;
        this.transaction = transaction;
    }

    /**
     * A batch of messages from the inbox ({@link ReceiptDrain}), in the order received: their raw inputs are kept
     * first, committed together; case receipts are then applied one at a time, as alone; the deliveries' receipts
     * are applied together ({@link ReceiptService#applyAll}) in one transaction with the refusals and every outcome.
     * A failure of the hub itself (the database) is thrown, so the caller rolls the messages back to the broker.
     */
    public void acceptAll(List<Message> messages) throws JMSException {
        List<Taken> taken = new ArrayList<>(messages.size());
        List<RawInputStore.Payload> payloads = new ArrayList<>(messages.size());
        for (Message message : messages) {
            String address = Queues.sentTo(message);
            boolean amqp = fromAmqp(message);
            Sender sender = sender(message, address, amqp);
            Map<String, String> metadata = new HashMap<>();
            metadata.put("sender", sender.user());
            metadata.put("address", address);
            metadata.put("messageId", message.getJMSMessageID());
            if (amqp) {
                metadata.put("protocol", "AMQP");
            }
            taken.add(new Taken(address, sender));
            payloads.add(new RawInputStore.Payload("receipts", "queue", message.getJMSMessageID(), metadata,
                    body(message), false));
        }
        List<RawInput> inputs = raw.storeAll(payloads);
        List<ReceiptService.Request> requests = new ArrayList<>();
        List<Taken> requested = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Taken t = taken.get(i);
            t.input = inputs.get(i);
            QueueReceipt receipt = null;
            try {
                receipt = parse(t.input.body());
                Department department = t.sender.department()
                        .orElseThrow(() -> new ReceiptException(HttpStatus.FORBIDDEN, t.sender.refusal()));
                if (receipt.caseId() != null) {
                    cases.apply(department.code(), CaseReceipts.caseId(receipt.caseId()), receipt.receipt(),
                            "queue:" + department.brokerUser());
                    raw.markOutcome(t.input.id(), "APPLIED", null);
                    t.outcome = "CASE";
                    continue;
                }
                t.about = receipt.deliveryId();
                UUID id = deliveryId(receipt.deliveryId());
                requests.add(new ReceiptService.Request(id, department.code(), "no delivery "
                        + StrictInput.shown(receipt.deliveryId()) + " for department " + department.code(),
                        receipt.receipt(), "queue:" + department.brokerUser()));
                requested.add(t);
            } catch (ReceiptException e) {
                t.about = receipt == null ? null : receipt.caseId() != null ? receipt.caseId() : receipt.deliveryId();
                t.refusal = e;
            }
        }
        transaction.executeWithoutResult(tx -> {
            List<ReceiptService.Outcome> applied = requests.isEmpty() ? List.of() : receipts.applyAll(requests);
            for (int n = 0; n < applied.size(); n++) {
                requested.get(n).refusal = applied.get(n).refusal();
            }
            List<ReceiptRefusals.Refusal> refused = new ArrayList<>();
            Map<Long, String> outcomes = new LinkedHashMap<>();
            for (Taken t : taken) {
                if (t.refusal != null) {
                    refused.add(new ReceiptRefusals.Refusal(t.input.id(), "queue", t.sender.user(), t.about,
                            t.refusal.getMessage()));
                    outcomes.put(t.input.id(), "REFUSED");
                } else if (t.outcome == null) {
                    outcomes.put(t.input.id(), "APPLIED");
                }
            }
            refusals.recordAll(refused);
            raw.markOutcomes(outcomes);
        });
        for (Taken t : taken) {
            if (t.refusal != null) {
                log.warn("Receipt {} sent to {} by broker user {} refused: {}", t.input.id(), t.address, t.sender.user(),
                        t.refusal.getMessage());
            }
        }
    }

    /** A message's body as the bytes the department sent: a text message's UTF-8, a bytes message's bytes. */
    private static byte[] body(Message message) throws JMSException {
        if (message instanceof TextMessage text) {
            return text.getText() == null ? new byte[0] : text.getText().getBytes(StandardCharsets.UTF_8);
        }
        if (message instanceof BytesMessage bytes) {
            byte[] body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
            return body;
        }
        return new byte[0];
    }

    /** One message of a batch on its way through {@link #acceptAll}. */
    private static final class Taken {
        final String address;
        final Sender sender;
        RawInput input;
        /** The deliveryId (or caseId) the receipt names, as sent. */
        String about;
        ReceiptException refusal;
        /** Set when the outcome is already recorded (a case receipt). */
        String outcome;

        Taken(String address, Sender sender) {
            this.address = address;
            this.sender = sender;
        }
    }

    /** The department the broker vouches for, from the address the message was sent to; see the class comment. */
    private Sender sender(Message message, String address, boolean amqp) throws JMSException {
        if (address != null && address.startsWith(Queues.DEPARTMENT_RECEIPTS_PREFIX)) {
            String code = address.substring(Queues.DEPARTMENT_RECEIPTS_PREFIX.length());
            return departments.find(code).filter(d -> d.code().equals(code))
                    .map(d -> new Sender(d.brokerUser(), Optional.of(d), null))
                    .orElseGet(() -> Sender.refused(null, "address " + address + " names no department"));
        }
        if (!Queues.RECEIPTS.equals(address)) {
            return Sender.refused(null, "sent to " + address + ", which is not a receipts address");
        }
        if (amqp) {
            return Sender.refused(null, AMQP_REFUSAL);
        }
        String user = message.getStringProperty(VALIDATED_USER);
        Optional<Department> department = departments.find(user).filter(d -> d.brokerUser().equals(user));
        return department.isPresent() ? new Sender(user, department, null)
                : Sender.refused(user, user == null ? "the broker names no sender: send receipts to your department's "
                        + "own address " + Queues.DEPARTMENT_RECEIPTS_PREFIX + "<CODE>"
                        : "sender '" + user + "' is not a department's broker user");
    }

    private static boolean fromAmqp(Message message) throws JMSException {
        for (Enumeration<?> names = message.getPropertyNames(); names.hasMoreElements();) {
            if (String.valueOf(names.nextElement()).startsWith(AMQP_CONVERSION_PREFIX)) {
                return true;
            }
        }
        return false;
    }

    private static QueueReceipt parse(byte[] body) {
        QueueReceipt receipt = Receipt.read(body, QueueReceipt.class,
                "JSON {\"deliveryId\" (or \"caseId\"),\"status\",\"signedBy\",\"note\",\"at\"}");
        if (receipt == null || (receipt.deliveryId() == null) == (receipt.caseId() == null)
                || receipt.status() == null) {
            throw new ReceiptException(HttpStatus.BAD_REQUEST,
                    "status and one of deliveryId (a delivery) or caseId (a case) are required");
        }
        Receipt.textProblem(receipt.signedBy(), receipt.note()).ifPresent(p -> {
            throw new ReceiptException(HttpStatus.BAD_REQUEST, p);
        });
        return receipt;
    }

    private static UUID deliveryId(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new ReceiptException(HttpStatus.NOT_FOUND, "no delivery " + StrictInput.shown(text));
        }
    }

    /** Who sent a receipt: the broker user and department the broker vouches for, or why none can be named. */
    private record Sender(String user, Optional<Department> department, String refusal) {
        static Sender refused(String user, String refusal) {
            return new Sender(user, Optional.empty(), refusal);
        }
    }

    /**
     * A receipt as a department sends it by queue.
     *
     * @param caseId in place of {@code deliveryId}: the bureau signs for a case
     * @param at     when the department signed, by its own clock: kept in the note; the hub records its own time
     */
    record QueueReceipt(String deliveryId, String caseId, DeliveryStatus status, String signedBy, String note,
            OffsetDateTime at) {
        Receipt receipt() {
            String stated = at == null ? note : (note == null ? "" : note + " ") + "(department's time " + at + ")";
            return new Receipt(status, signedBy, stated);
        }
    }
}
