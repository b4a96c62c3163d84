package org.linkagehub.cases;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsMessage;
import org.linkagehub.canonical.Reason;
import org.linkagehub.departments.Department;
import org.linkagehub.departments.DepartmentRegistry;
import org.linkagehub.platform.Queues;
import org.linkagehub.quarantine.QuarantineStore;
import org.linkagehub.raw.RawInput;
import org.linkagehub.raw.RawInputStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Cases by queue (route {@code cases-from-queue}), read from the hub's one inbox {@code linkage.hub.cases}, which the
 * broker's wildcard routing feeds from every department's own address {@code linkage.cases.<CODE>}; each message keeps
 * the address it was sent to. Only that department's broker role may send there (the broker's security settings, over
 * CORE, AMQP and STOMP alike), so the address names the department that files, and nothing in the message can file as
 * another: no property is read, and there is no shared cases address whose sender would have to be taken from
 * {@code _AMQ_VALIDATED_USER}, which Artemis leaves unset on AMQP messages (see {@code QueueReceipts}).
 * <p>
 * Every message is stored raw first (source {@code CASES}, transport {@code queue}, with the address and the broker's
 * message id), then filed as over REST: a valid case goes to the bureau ({@code CASE}), a repeated caseRef is the same
 * case again, and an invalid one is quarantined with its reasons and reported back on the department's own queue
 * ({@code CASE_REFUSED}), all in one transaction. Either way the message is consumed. A failure of the hub itself
 * (database down) throws, and the transacted route hands the message back to the broker, which redelivers it with
 * back-off. A STOMP SEND with {@code content-length} arrives as a BytesMessage, the rest as text: both are read as
 * UTF-8 JSON.
 */
@Component
public class QueueCases {

    static final String TRANSPORT = "queue";
    private static final Logger log = LoggerFactory.getLogger(QueueCases.class);

    private final RawInputStore raw;
    private final CaseService cases;
    private final QuarantineStore quarantine;
    private final DepartmentRegistry departments;

    public QueueCases(RawInputStore raw, CaseService cases, QuarantineStore quarantine,
            DepartmentRegistry departments) {
        this.raw = raw;
        this.cases = cases;
        this.quarantine = quarantine;
        this.departments = departments;
    }

    @Transactional
    public void accept(Exchange exchange) throws JMSException {
        Message message = exchange.getIn(JmsMessage.class).getJmsMessage();
        String address = Queues.sentTo(message);
        Optional<Department> department = department(address);
        byte[] body = exchange.getIn().getBody(byte[].class);
        Map<String, String> metadata = new HashMap<>();
        metadata.put("address", address);
        metadata.put("messageId", message.getJMSMessageID());
        department.ifPresent(d -> metadata.put("department", d.code()));
        RawInput input = raw.store(CaseService.SOURCE, TRANSPORT, message.getJMSMessageID(), metadata,
                body == null ? new byte[0] : body, false);
        if (department.isEmpty()) {
            // only the hub may send to an address that names no department (security match #): nobody to tell
            quarantine.quarantine(input.id(), CaseService.SOURCE, null, List.of(Reason.of("address", address,
                    "no-route", "sent to " + address + ", which is no department's cases address "
                            + Queues.DEPARTMENT_CASES_PREFIX + "<CODE>")));
            raw.markOutcome(input.id(), "REJECTED", null);
            log.warn("Case by queue (raw input {}) sent to {} refused: the address names no department", input.id(),
                    address);
            return;
        }
        Department d = department.get();
        CaseService.Filing filing = cases.file(d.code(), input, "queue:" + d.brokerUser(), true);
        if (filing.accepted()) {
            log.info("Case by queue from {} (raw input {}): case {} ({})", d.code(), input.id(), filing.caseId(),
                    filing.created() ? "new" : "the same caseRef again");
        }
    }

    /** The department whose own cases address the message was sent to; the broker lets only it send there. */
    private Optional<Department> department(String address) {
        if (address == null || !address.startsWith(Queues.DEPARTMENT_CASES_PREFIX)) {
            return Optional.empty();
        }
        String code = address.substring(Queues.DEPARTMENT_CASES_PREFIX.length());
        return departments.find(code).filter(d -> d.code().equals(code));
    }
}
