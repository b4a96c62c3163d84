package org.linkagehub.platform;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads a management attribute of the broker by a request to its management address, as the hub's broker user: the
 * same way for the embedded broker and a standalone one, whose configuration the hub cannot see otherwise.
 */
@Component
public class BrokerManagement {

    private static final String MANAGEMENT_ADDRESS = "activemq.management";

    private final JmsTemplate jms;

    public BrokerManagement(ConnectionFactory connectionFactory) {
        this.jms = new JmsTemplate(connectionFactory);
        this.jms.setReceiveTimeout(5_000);
    }

    /**
     * An attribute of a resource ({@code ResourceNames.BROKER}, {@code ResourceNames.ADDRESS + name}, ...). Throws when
     * the broker does not answer or refuses.
     */
    public Object attribute(String resource, String attribute) {
        Message reply = jms.sendAndReceive(MANAGEMENT_ADDRESS, session -> {
            Message request = session.createMessage();
            JMSManagementHelper.putAttribute(request, resource, attribute);
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
            throw new IllegalStateException("management request refused: " + result);
        }
        return result;
    }
}
