package org.linkagehub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.linkagehub.deadlines.Deadlines;
import org.linkagehub.deadlines.WorkingDayCalendar;
import org.linkagehub.delivery.WorkingDayTable;
import org.linkagehub.platform.BeijingTime;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.WebApplicationContext;

/**
 * The signing figures the database keeps on each delivery (migration V13) — first signed at, working days to
 * sign on the hub's calendar, escalations — set by whichever path records the receipt, and the scorecard built
 * from them. Deliveries are back-dated to late September 2026 so the count crosses the Mid-Autumn and National
 * Day holidays and the make-up Sunday of 20 September.
 */
class SigningFiguresIT extends ConsoleTestSupport {

    @Autowired
    WebApplicationContext context;

    @Autowired
    UserDetailsService users;

    @Autowired
    Deadlines deadlines;

    @Autowired
    TransactionTemplate tx;

    @Test
    void aReceiptByRestStampsTheDeliveryAndTheScorecardCountsItInWorkingDays() throws Exception {
        String first = deliveryOf(approve(BUILDING_PERMIT, "宁夏星光置业有限公司"), "ZJ");
        String second = deliveryOf(approve(BUILDING_PERMIT, "宁夏星光置业有限公司"), "ZJ");
        backDate(first, "2026-09-18 10:00+08");
        backDate(second, "2026-09-30 10:00+08");

        assertThat(post("/api/v1/deliveries/" + first + "/receipt", bearer("demo-zj"), "{\"status\":\"SIGNED\"}")
                .statusCode()).isEqualTo(200);
        // supervision started implies the signature: the implied SIGNED event stamps the row as well
        assertThat(post("/api/v1/deliveries/" + second + "/receipt", bearer("demo-zj"),
                "{\"status\":\"SUPERVISION_STARTED\"}").statusCode()).isEqualTo(200);
        jdbc.update("insert into delivery_event (delivery_id, status, at, actor) values (?::uuid, 'ESCALATED', now(), 'test')",
                first);

        WorkingDayCalendar calendar = deadlines.calendar();
        int firstDays = expectedDays(first, LocalDate.of(2026, 9, 18), calendar);
        int secondDays = expectedDays(second, LocalDate.of(2026, 9, 30), calendar);
        assertThat(firstDays - secondDays).as("18 Sep → 30 Sep: 21, 22, 23, 24 and the make-up 20th; 28, 29, 30")
                .isEqualTo(8);
        assertThat(jdbc.queryForObject("select escalations from delivery where id = ?::uuid", Integer.class, first))
                .isEqualTo(1);

        String card = card(body("/console/scorecards?from=2026-09-18&to=2026-09-30"), "ZJ");
        // both signed, both late: two due, none on time; no cases filed, and the bureau's figures are not ZJ's; no
        // commitment check due (on time, %: —) and no open rectification
        assertThat(cells(card)).containsExactly("2", "0", "2", "0.0", String.valueOf((firstDays + secondDays) / 2.0), "0",
                "1", "0", "—", "—", "—", "—", "0");
    }

    @Test
    void theWorkingDayTableFollowsTheCalendarAndRecountsWhatAChangeReaches() {
        assertThat(jdbc.queryForObject("select working from working_day_exception where day = '2026-10-01'",
                Boolean.class)).as("a Thursday of the National Day holiday").isFalse();
        assertThat(jdbc.queryForObject("select working from working_day_exception where day = '2026-10-10'",
                Boolean.class)).as("a make-up Saturday").isTrue();
        assertThat(jdbc.queryForObject("select count(*) from working_day_exception where day = '2026-09-26'",
                Integer.class)).as("a Saturday inside a holiday is off anyway").isZero();
        assertThat(jdbc.queryForObject("select working_days_between('2026-09-30', '2026-10-12')", Integer.class))
                .isEqualTo(deadlines.calendar().workingDaysBetween(LocalDate.of(2026, 9, 30), LocalDate.of(2026, 10, 12)));

        String delivery = deliveryOf(approve(DISCHARGE_PERMIT, "石嘴山某化工有限公司"), "STHJ");
        backDate(delivery, "2026-09-30 10:00+08");
        jdbc.update("insert into delivery_event (delivery_id, status, at, actor) values "
                + "(?::uuid, 'SIGNED', '2026-10-12 09:00+08', 'test')", delivery);
        int days = jdbc.queryForObject("select sign_working_days from delivery where id = ?::uuid", Integer.class, delivery);

        // as if the hub last ran with a calendar that lacked the National Day holiday
        jdbc.update("delete from working_day_exception where day between '2026-10-01' and '2026-10-07'");
        jdbc.update("update delivery set sign_working_days = delivery_sign_working_days(created_at, signed_at) "
                + "where id = ?::uuid", delivery);
        assertThat(jdbc.queryForObject("select sign_working_days from delivery where id = ?::uuid", Integer.class,
                delivery)).isEqualTo(days + 5);
        new WorkingDayTable(deadlines, jdbc, tx);
        assertThat(jdbc.queryForObject("select sign_working_days from delivery where id = ?::uuid", Integer.class,
                delivery)).isEqualTo(days);
        assertThat(jdbc.queryForObject("select count(*) from working_day_exception where day between '2026-10-01' "
                + "and '2026-10-07' and not working", Integer.class)).isEqualTo(5);
    }

    private void backDate(String delivery, String createdAt) {
        jdbc.update("update delivery set created_at = ?::timestamptz, sign_due_at = ?::timestamptz + interval '1 day' "
                + "where id = ?::uuid", createdAt, createdAt, delivery);
    }

    /** The working days the delivery row holds, checked against the Java calendar from its Beijing dates. */
    private int expectedDays(String delivery, LocalDate deliveredOn, WorkingDayCalendar calendar) {
        Timestamp signedAt = jdbc.queryForObject("select signed_at from delivery where id = ?::uuid", Timestamp.class,
                delivery);
        Timestamp firstSigned = jdbc.queryForObject("select min(at) from delivery_event where delivery_id = ?::uuid "
                + "and status = 'SIGNED'", Timestamp.class, delivery);
        assertThat(signedAt).isEqualTo(firstSigned);
        int expected = calendar.workingDaysBetween(deliveredOn, BeijingTime.of(signedAt.toInstant()).toLocalDate());
        assertThat(jdbc.queryForObject("select sign_working_days from delivery where id = ?::uuid", Integer.class,
                delivery)).isEqualTo(expected);
        return expected;
    }

    private String body(String path) throws Exception {
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        return mvc.perform(MockMvcRequestBuilders.get(path).with(user(users.loadUserByUsername("auditor"))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private static String card(String page, String department) {
        Matcher row = Pattern.compile("<tr id=\"card-" + department + "\">(.*?)</tr>", Pattern.DOTALL).matcher(page);
        assertThat(row.find()).as("scorecard row of " + department).isTrue();
        return row.group(1);
    }

    /** Delivered, on time, %, median, overdue, escalations. */
    private static java.util.List<String> cells(String row) {
        return Pattern.compile("<td class=\"n[^\"]*\">([^<]*)</td>").matcher(row).results().map(m -> m.group(1).trim())
                .toList();
    }
}
