package org.linkagehub.platform;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads management attributes of the broker and invokes its management operations by a request to its management
 * address, as the hub's broker user: the same way for the embedded broker and a standalone one, whose configuration
 * the hub cannot see otherwise (nor reach by JMX). The hub's one broker management client.
 */
@Component
public class BrokerManagement {

    private static final String MANAGEMENT_ADDRESS = "activemq.management";
    private static final long TIMEOUT_MS = 5_000;

    private final JmsTemplate jms;

    public BrokerManagement(ConnectionFactory connectionFactory) {
        this.jms = new JmsTemplate(connectionFactory);
        this.jms.setReceiveTimeout(TIMEOUT_MS);
    }

    /**
     * An attribute of a resource ({@code ResourceNames.BROKER}, {@code ResourceNames.ADDRESS + name}, ...). Throws when
     * the broker does not answer, or {@link Refused} when it refuses (no such resource, say).
     */
    public Object attribute(String resource, String attribute) {
        return call(request -> JMSManagementHelper.putAttribute(request, resource, attribute));
    }

    /**
     * Invokes an operation without parameters on a resource ({@code ResourceNames.QUEUE + name, "retryMessages"}, ...)
     * and returns its result. Throws when the broker does not answer, or {@link Refused} when it refuses.
     */
    public Object invoke(String resource, String operation) {
        return call(request -> JMSManagementHelper.putOperationInvocation(request, resource, operation));
    }

    private Object call(Request put) {
        Message reply = jms.sendAndReceive(MANAGEMENT_ADDRESS, session -> {
            Message request = session.createMessage();
            put.into(request);
            return request;
        });
        if (reply == null) {
            throw new IllegalStateException("the broker did not answer a management request");
        }
        Object result;
        boolean succeeded;
        try {
            result = JMSManagementHelper.getResult(reply);
            succeeded = JMSManagementHelper.hasOperationSucceeded(reply);
        } catch (Exception e) {
            throw new IllegalStateException("unreadable management reply", e);
        }
        if (!succeeded) {
            throw new Refused("management request refused: " + result);
        }
        return result;
    }

    /** Writes the attribute or operation asked for into a management request. */
    @FunctionalInterface
    private interface Request {
        void into(Message request) throws JMSException;
    }

    /** The broker answered and refused the request: no such resource, or an operation that failed. */
    public static final class Refused extends IllegalStateException {

        Refused(String message) {
            super(message);
        }
    }
}
