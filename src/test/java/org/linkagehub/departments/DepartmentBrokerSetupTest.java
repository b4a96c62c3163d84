package org.linkagehub.departments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.activemq.artemis.core.security.Role;
import org.junit.jupiter.api.Test;

/**
 * The rules a department gets on the broker, written once for the embedded broker and printed for a standalone one:
 * the stanza the hub prints is, line for line, what {@code src/main/artemis/broker.xml} already has for the
 * departments it lists, so the hub's advice for a new one cannot drift from the file.
 */
class DepartmentBrokerSetupTest {

    @Test
    void theStanzaOfEveryPackagedDepartmentIsWhatBrokerXmlHas() throws Exception {
        Set<String> brokerXml = Files.readAllLines(Path.of("src/main/artemis/broker.xml")).stream().map(String::trim)
                .collect(Collectors.toSet());
        for (String code : new String[] {"SCJG", "ZJ", "ZRZY", "DCS"}) {
            DepartmentBrokerSetup setup = DepartmentBrokerSetup.of(new Department(code, "x", "queue", null), "pw");
            setup.stanza().lines().map(String::trim).filter(l -> !l.startsWith("<!--")).forEach(line ->
                    assertThat(brokerXml).as("broker.xml line for %s", code).contains(line));
        }
    }

    @Test
    void theDepartmentMayReadItsQueueAndSendItsReceiptsAndCasesAndNothingElse() {
        DepartmentBrokerSetup setup = DepartmentBrokerSetup.of(new Department("XQ", "x", "queue", null), null);
        Role onQueue = setup.security().get("linkage.dept.XQ").stream().filter(r -> r.getName().equals("dept-xq"))
                .findFirst().orElseThrow();
        assertThat(onQueue.isConsume() && onQueue.isBrowse()).isTrue();
        assertThat(onQueue.isSend() || onQueue.isManage() || onQueue.isCreateAddress() || onQueue.isDeleteDurableQueue())
                .isFalse();
        for (String address : new String[] {"linkage.receipts.XQ", "linkage.cases.XQ"}) {
            Role onInbound = setup.security().get(address).stream().filter(r -> r.getName().equals("dept-xq"))
                    .findFirst().orElseThrow();
            assertThat(onInbound.isSend()).as("send to %s", address).isTrue();
            assertThat(onInbound.isConsume() || onInbound.isBrowse() || onInbound.isCreateDurableQueue())
                    .as("anything else on %s", address).isFalse();
        }
        assertThat(setup.queues()).extracting(q -> q.getName().toString(), q -> q.getFilterString() == null ? null
                : q.getFilterString().toString()).containsExactly(tuple("linkage.dept.XQ", null),
                        tuple("linkage.receipts.XQ", "FALSE"), tuple("linkage.cases.XQ", "FALSE"));
        assertThat(setup.userRoles()).containsExactly("dept-xq", "department");
    }
}
