package org.linkagehub.departments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.linkagehub.platform.BrokerManagement;
import org.linkagehub.platform.ConfigFiles;
import org.linkagehub.platform.LinkageProperties;
import org.linkagehub.platform.Queues;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * A standalone broker's missing department queues, as the hub sees them: named with their stanza, their deliveries held
 * while the queue is missing (not while only the receipts address is), asked again only while something is missing.
 * The broker's answer is the one thing played here.
 */
class DepartmentQueuesTest {

    private final DepartmentRegistry registry = new DepartmentRegistry(
            new ConfigFiles(new LinkageProperties(Path.of("data"), null, null, null)));
    private final Credentials credentials = new Credentials(new SecurityProperties(Map.of(), Map.of(), Map.of(), true),
            registry);
    private final BrokerManagement broker = mock(BrokerManagement.class);
    private final Clock clock = mock(Clock.class);
    private Instant now = Instant.parse("2026-11-28T04:00:00Z");

    @BeforeEach
    void timeStandsStillUntilMoved() {
        when(clock.instant()).thenAnswer(i -> now);
    }
    private final DepartmentQueues queues = new DepartmentQueues(registry, credentials, broker,
            new StaticListableBeanFactory().getBeanProvider(EmbeddedBrokerProvisioner.class), clock,
            Duration.ofSeconds(10));

    @Test
    void aDepartmentWithoutItsQueueIsNamedWithItsStanzaAndItsDeliveriesHeld() {
        brokerHasAllBut("linkage.dept.ZJ", "linkage.receipts.YJ");
        DepartmentQueues.Outcome outcome = queues.prepare(registry.all());
        assertThat(outcome.provisioned()).as("a standalone broker is not the hub's to change").isEmpty();
        assertThat(outcome.missing()).containsExactly("YJ", "ZJ");
        assertThat(queues.heldDestinations()).as("only a missing queue holds deliveries").containsExactly(
                "linkage.dept.ZJ");
        assertThat(queues.missing().get("ZJ").stanza()).contains("<security-setting match=\"linkage.dept.ZJ\">",
                "<address name=\"linkage.dept.ZJ\">", "--user-command-user zj ");
    }

    /** A broker.xml from before cases by queue: the department is named, its deliveries still go out. */
    @Test
    void aDepartmentWithoutItsCasesAddressIsNamedButItsDeliveriesGoOut() {
        brokerHasAllBut("linkage.cases.SJ");
        assertThat(queues.prepare(registry.all()).missing()).containsExactly("SJ");
        assertThat(queues.heldDestinations()).isEmpty();
        assertThat(queues.missing().get("SJ").stanza()).contains("<security-setting match=\"linkage.cases.SJ\">",
                "<address name=\"linkage.cases.SJ\"><anycast><queue name=\"linkage.cases.SJ\"><filter string=\"FALSE\"/>");
    }

    @Test
    void theBrokerIsAskedAgainOnlyWhileSomethingIsMissing() {
        brokerHasAllBut("linkage.dept.ZJ");
        queues.prepare(registry.all());
        assertThat(queues.heldDestinations()).containsExactly("linkage.dept.ZJ");
        verify(broker, times(1)).attribute(ResourceNames.BROKER, "queueNames");

        brokerHasAllBut();
        now = now.plusSeconds(9);
        assertThat(queues.heldDestinations()).as("asked again only after the interval").containsExactly(
                "linkage.dept.ZJ");
        now = now.plusSeconds(1);
        assertThat(queues.heldDestinations()).as("the operator added it: its deliveries go out").isEmpty();
        now = now.plusSeconds(300);
        assertThat(queues.missing()).isEmpty();
        verify(broker, times(2)).attribute(ResourceNames.BROKER, "queueNames");
    }

    @Test
    void aBrokerThatCannotBeAskedHoldsNothingAndIsAskedAgainLater() {
        when(broker.attribute(ResourceNames.BROKER, "queueNames")).thenThrow(new IllegalStateException("refused"));
        assertThat(queues.prepare(registry.all()).missing()).isNull();
        assertThat(queues.heldDestinations()).isEmpty();
        assertThat(queues.missing()).isNull();
        verify(broker, times(1)).attribute(ResourceNames.BROKER, "queueNames");

        brokerHasAllBut("linkage.dept.GA");
        now = now.plusSeconds(10);
        assertThat(queues.heldDestinations()).containsExactly("linkage.dept.GA");
    }

    private void brokerHasAllBut(String... absent) {
        List<Object> names = new ArrayList<>(List.of("DLQ", "ExpiryQueue", Queues.RECEIPTS_INBOX));
        for (Department d : registry.all()) {
            names.add(Queues.department(d.code()));
            names.add(Queues.departmentReceipts(d.code()));
            names.add(Queues.departmentCases(d.code()));
        }
        names.removeAll(List.of(absent));
        doReturn(names.toArray()).when(broker).attribute(ResourceNames.BROKER, "queueNames");
    }
}
