package org.linkagehub.receipt;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsMessage;
import org.linkagehub.delivery.DeliveryStatus;
import org.linkagehub.ingest.RawInput;
import org.linkagehub.ingest.RawInputStore;
import org.linkagehub.routing.Department;
import org.linkagehub.routing.DepartmentRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Receipts sent to the queue {@code linkage.receipts} (route {@code receipts-from-queue}). The sender is the
 * broker-validated user ({@code _AMQ_VALIDATED_USER}, set by the broker from the connection's login, never
 * from the message), so a department can acknowledge only its own deliveries. Every message is stored raw
 * first; one the hub cannot apply is recorded as a refusal with its reason and consumed, so it is neither
 * lost nor redelivered for ever. A STOMP SEND with {@code content-length} arrives as a BytesMessage, a
 * STOMP SEND without it, a JMS or an AMQP text message as text: both are read as UTF-8 JSON. Artemis 2.40 does
 * not set the validated user on AMQP messages, so a receipt sent over AMQP is refused (kept, with that reason).
 */
@Component
public class QueueReceipts {

    static final String VALIDATED_USER = "_AMQ_VALIDATED_USER";
    private static final Logger log = LoggerFactory.getLogger(QueueReceipts.class);

    private final RawInputStore raw;
    private final ReceiptService receipts;
    private final ReceiptRefusals refusals;
    private final DepartmentRegistry departments;
    private final ObjectMapper json;

    public QueueReceipts(RawInputStore raw, ReceiptService receipts, ReceiptRefusals refusals,
            DepartmentRegistry departments, ObjectMapper json) {
        this.raw = raw;
        this.receipts = receipts;
        this.refusals = refusals;
        this.departments = departments;
        this.json = json;
    }

    public void accept(Exchange exchange) throws JMSException {
        Message message = exchange.getIn(JmsMessage.class).getJmsMessage();
        String sender = message.getStringProperty(VALIDATED_USER);
        byte[] body = exchange.getIn().getBody(byte[].class);
        Map<String, String> metadata = new HashMap<>();
        metadata.put("sender", sender);
        metadata.put("messageId", message.getJMSMessageID());
        RawInput input = raw.store("receipts", "queue", message.getJMSMessageID(), metadata,
                body == null ? new byte[0] : body, false);
        QueueReceipt receipt = null;
        try {
            receipt = parse(input.body());
            Department department = departments.find(sender).filter(d -> d.brokerUser().equals(sender))
                    .orElseThrow(() -> new ReceiptException(org.springframework.http.HttpStatus.FORBIDDEN,
                            sender == null ? "the broker names no sender: Artemis validates the user of CORE and STOMP "
                                    + "senders only; send receipts over CORE, STOMP or REST"
                                    : "sender '" + sender + "' is not a department's broker user"));
            UUID id = deliveryId(receipt.deliveryId());
            if (!department.code().equals(receipts.ownerOf(id))) {
                throw new ReceiptException(org.springframework.http.HttpStatus.NOT_FOUND,
                        "no delivery " + receipt.deliveryId() + " for department " + department.code());
            }
            receipts.apply(id, receipt.receipt(), "queue:" + sender);
            raw.markOutcome(input.id(), "APPLIED", null);
        } catch (ReceiptException e) {
            String deliveryId = receipt == null ? null : receipt.deliveryId();
            refusals.record(input.id(), "queue", sender, deliveryId, e.getMessage());
            raw.markOutcome(input.id(), "REFUSED", null);
            log.warn("Receipt {} from broker user {} refused: {}", input.id(), sender, e.getMessage());
        }
    }

    private QueueReceipt parse(byte[] body) {
        try {
            QueueReceipt receipt = json.readValue(body, QueueReceipt.class);
            if (receipt == null || receipt.deliveryId() == null || receipt.status() == null) {
                throw new ReceiptException(org.springframework.http.HttpStatus.BAD_REQUEST,
                        "deliveryId and status are required");
            }
            return receipt;
        } catch (IOException e) {
            throw new ReceiptException(org.springframework.http.HttpStatus.BAD_REQUEST,
                    "receipt is not valid JSON {\"deliveryId\",\"status\",\"signedBy\",\"note\",\"at\"}: "
                            + e.getMessage().lines().findFirst().orElse("") + "; status must be one of "
                            + ReceiptService.ACCEPTED);
        }
    }

    private static UUID deliveryId(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new ReceiptException(org.springframework.http.HttpStatus.NOT_FOUND, "no delivery " + text);
        }
    }

    /**
     * A receipt as a department sends it by queue.
     *
     * @param at when the department signed, by its own clock: kept in the note; the hub records its own time
     */
    record QueueReceipt(String deliveryId, DeliveryStatus status, String signedBy, String note, OffsetDateTime at) {
        Receipt receipt() {
            String stated = at == null ? note : (note == null ? "" : note + " ") + "(department's time " + at + ")";
            return new Receipt(status, signedBy, stated);
        }
    }
}
