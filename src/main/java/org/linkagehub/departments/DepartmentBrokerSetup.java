package org.linkagehub.departments;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.DivertConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.linkagehub.platform.Queues;

/**
 * What one department has on the broker, the rules written once: its queue {@code linkage.dept.<CODE>} that only its
 * role {@code dept-<code>} may consume and browse; its receipts address {@code linkage.receipts.<CODE>} and its cases
 * address {@code linkage.cases.<CODE>} that only that role may send to (a wildcard inbox of the hub takes what arrives
 * at each); the divert that copies its messages to the hub's
 * tracking queue; and, when it has a broker password, its user with roles {@code dept-<code>} and {@code department}.
 * The embedded broker gets it at start-up ({@link EmbeddedBrokerConfiguration}) and after a routing reload
 * ({@link EmbeddedBrokerProvisioner}); for a standalone broker the hub prints it as the {@code broker.xml} stanza an
 * operator adds ({@link #stanza()}). Each call builds fresh Artemis objects, as the broker changes those it is given.
 *
 * @param password the department's broker password; null when it has no broker account
 */
public record DepartmentBrokerSetup(String code, String password) {

    static final String HUB_ROLE = "hub";
    static final String DEPARTMENTS_ROLE = "department";
    private static final String[] PERMISSIONS = {"createAddress", "deleteAddress", "createDurableQueue",
        "deleteDurableQueue", "createNonDurableQueue", "deleteNonDurableQueue", "send", "consume", "browse", "manage",
        "view", "edit"};

    public static DepartmentBrokerSetup of(Department department, String password) {
        return new DepartmentBrokerSetup(department.code(), password);
    }

    public String queue() {
        return Queues.department(code);
    }

    public String receiptsAddress() {
        return Queues.departmentReceipts(code);
    }

    public String casesAddress() {
        return Queues.departmentCases(code);
    }

    public String user() {
        return code.toLowerCase(Locale.ROOT);
    }

    String role() {
        return "dept-" + user();
    }

    /** Its queue and the queues named like its receipts and cases addresses, which take no message. */
    List<QueueConfiguration> queues() {
        return List.of(QueueConfiguration.of(queue()).setRoutingType(RoutingType.ANYCAST).setDurable(true),
                inboundQueue(receiptsAddress()), inboundQueue(casesAddress()));
    }

    /** Security settings by exact address: the hub may do everything, the department one thing on each. */
    Map<String, Set<Role>> security() {
        Map<String, Set<Role>> security = new LinkedHashMap<>();
        security.put(queue(), Set.of(hubRole(), consumer(role())));
        security.put(receiptsAddress(), Set.of(hubRole(), sender(role())));
        security.put(casesAddress(), Set.of(hubRole(), sender(role())));
        return security;
    }

    /** A copy for the hub's tracking queue, which carries the broker's message id as {@code _AMQ_ORIG_MESSAGE_ID}. */
    DivertConfiguration trackingDivert() {
        return new DivertConfiguration().setName("tracking-" + user()).setAddress(queue())
                .setForwardingAddress(Queues.TRACKING).setFilterString("deliveryId IS NOT NULL").setExclusive(false);
    }

    /** The roles of its broker user. */
    List<String> userRoles() {
        return List.of(role(), DEPARTMENTS_ROLE);
    }

    /**
     * The {@code broker.xml} lines a standalone broker needs for this department, each under its parent element, and
     * the command that adds its user: the same rules as above, in the form of {@code src/main/artemis/broker.xml}.
     */
    public String stanza() {
        List<String> lines = new ArrayList<>();
        lines.add("<!-- in <security-settings> -->");
        security().forEach((address, roles) -> {
            lines.add("<security-setting match=\"" + address + "\">");
            for (String permission : PERMISSIONS) {
                // the hub first, as in broker.xml
                String names = roles.stream().filter(r -> allows(r, permission)).map(Role::getName)
                        .sorted(Comparator.comparing((String n) -> !n.equals(HUB_ROLE)).thenComparing(n -> n))
                        .collect(Collectors.joining(","));
                lines.add("   <permission type=\"" + permission + "\" roles=\"" + names + "\"/>");
            }
            lines.add("</security-setting>");
        });
        DivertConfiguration divert = trackingDivert();
        lines.add("<!-- in <diverts> -->");
        lines.add("<divert name=\"" + divert.getName() + "\"><address>" + divert.getAddress() + "</address>"
                + "<forwarding-address>" + divert.getForwardingAddress() + "</forwarding-address><filter string=\""
                + divert.getFilterString() + "\"/><exclusive>" + divert.isExclusive() + "</exclusive></divert>");
        lines.add("<!-- in <addresses> -->");
        lines.add("<address name=\"" + queue() + "\"><anycast><queue name=\"" + queue()
                + "\"><durable>true</durable></queue></anycast></address>");
        for (String inbound : List.of(receiptsAddress(), casesAddress())) {
            lines.add("<address name=\"" + inbound + "\"><anycast><queue name=\"" + inbound + "\"><filter string=\""
                    + Queues.NO_MESSAGE + "\"/><durable>true</durable></queue></anycast></address>");
        }
        lines.add("<!-- its user, see the provisioning commands at the top of broker.xml -->");
        lines.add("docker compose exec artemis bin/artemis user add --url tcp://localhost:61616 --user admin --password "
                + "\"$ARTEMIS_ADMIN_PASSWORD\" --user-command-user " + user() + " --user-command-password \"$BROKER_PASSWORD_"
                + code + "\" --role " + String.join(",", userRoles()));
        return String.join("\n", lines);
    }

    /**
     * An address departments send to (receipts, cases), its queue of the same name, which takes no message (see
     * {@link Queues#NO_MESSAGE}): the hub's wildcard inbox takes them.
     */
    static QueueConfiguration inboundQueue(String address) {
        return QueueConfiguration.of(address).setRoutingType(RoutingType.ANYCAST).setDurable(true)
                .setFilterString(Queues.NO_MESSAGE);
    }

    static Role hubRole() {
        return new Role(HUB_ROLE, true, true, true, true, true, true, true, true, true, true, true, true);
    }

    static Role sender(String name) {
        return new Role(name, true, false, false, false, false, false, false, false, false, false, false, false);
    }

    /** May consume and browse, nothing else. */
    static Role consumer(String name) {
        return new Role(name, false, true, false, false, false, false, false, true, false, false, false, false);
    }

    private static boolean allows(Role role, String permission) {
        return switch (permission) {
            case "createAddress" -> role.isCreateAddress();
            case "deleteAddress" -> role.isDeleteAddress();
            case "createDurableQueue" -> role.isCreateDurableQueue();
            case "deleteDurableQueue" -> role.isDeleteDurableQueue();
            case "createNonDurableQueue" -> role.isCreateNonDurableQueue();
            case "deleteNonDurableQueue" -> role.isDeleteNonDurableQueue();
            case "send" -> role.isSend();
            case "consume" -> role.isConsume();
            case "browse" -> role.isBrowse();
            case "manage" -> role.isManage();
            case "view" -> role.isView();
            case "edit" -> role.isEdit();
            default -> throw new IllegalArgumentException(permission);
        };
    }
}
