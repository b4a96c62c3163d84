package org.linkagehub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * A decision's timeline puts together what four features keep: the decision's versions (canonical), its deliveries
 * and their events (delivery), the deadline watcher's escalations (receipt) and the raw input (raw).
 */
class TimelineIT extends ConsoleTestSupport {

    @Test
    void theTimelineShowsTheDeliveriesEscalationsAndRawInputOfEveryVersion() throws Exception {
        String building = approve(BUILDING_PERMIT, "宁夏星光置业有限公司");
        String zj = deliveryOf(building, "ZJ");
        // an escalation row as the deadline watcher writes it, of a kind its scan cannot reach for days
        jdbc.update("""
                insert into escalation (id, delivery_id, department, document_number, matter_code, kind, due_at,
                                        escalated_at, status)
                values (?::uuid, ?::uuid, 'ZJ', ?, ?, 'START', '2026-11-20 09:00+08', '2026-11-21 09:00+08',
                        'DISPATCHED')""", UUID.randomUUID().toString(), zj, building, BUILDING_PERMIT);

        String operator = console().perform(page("/console/decisions/" + lineageOf(building)).with(as("operator")))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(operator).contains(building, zj, deliveryOf(building, "YJ"), "raw-input", "class=\"escalation\"",
                "<b>ESCALATION</b>", "<small>START</small>");

        String department = console().perform(page("/console/decisions/" + lineageOf(building)).with(as("zj")))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(department).contains(zj, "<b>ESCALATION</b>").doesNotContain("raw-input");
    }
}
