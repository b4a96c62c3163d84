package org.linkagehub.console;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.linkagehub.delivery.DeliveryOversight;
import org.linkagehub.departments.Department;
import org.linkagehub.departments.DepartmentRegistry;
import org.linkagehub.platform.BeijingTime;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /console/scorecards}: the oversight office's per-department figures for a period, as a page, as a CSV
 * file (UTF-8 with a byte-order mark, which Excel needs to read Chinese) and as a printable notice (通报). An on-time
 * rate with nothing due is an empty cell in the CSV and "—" on the pages, never 0 %. Beside the receipts, the cases
 * each department filed with the bureau (issue 12), and on the bureau's row its replies on time and its open cases.
 */
@Controller
class ScorecardController {

    private static final String[] COLUMNS = {"department", "delivered", "signedOnTime", "due", "onTimePercent",
        "medianDaysToSign", "overdue", "escalations", "casesFiled", "repliesOnTime", "repliesDue", "casesOpen",
        "checksDue", "checksOnTime", "checksOnTimePercent", "rectificationsOpen"};

    private final DeliveryOversight oversight;
    private final ObjectProvider<CaseDesk> cases;
    private final ObjectProvider<TaskDesk> tasks;
    private final DepartmentRegistry departments;
    private final MessageSource messages;
    private final Clock clock;

    ScorecardController(DeliveryOversight oversight, ObjectProvider<CaseDesk> cases, ObjectProvider<TaskDesk> tasks,
            DepartmentRegistry departments, MessageSource messages, Clock clock) {
        this.oversight = oversight;
        this.cases = cases;
        this.tasks = tasks;
        this.departments = departments;
        this.messages = messages;
        this.clock = clock;
    }

    @GetMapping("/console/scorecards")
    String page(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to, Model model) {
        fill(Period.of(from, to, clock), model);
        return "console/scorecards";
    }

    @GetMapping("/console/scorecards/print")
    String print(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to, Model model) {
        fill(Period.of(from, to, clock), model);
        model.addAttribute("issuedAt", LocalDateTime.now(clock.withZone(BeijingTime.ZONE)).withNano(0));
        return "console/scorecards-print";
    }

    @GetMapping("/console/scorecards.csv")
    void csv(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            HttpServletResponse response) throws IOException {
        Period period = Period.of(from, to, clock);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename("scorecards-" + period.from() + "-" + period.to() + ".csv").build().toString());
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        out.write('\uFEFF');
        Checks checks = new Checks(taskFigures(period), rectifications(period));
        write(oversight.scorecards(period.from(), period.to()), caseFigures(period), checks, LocaleContextHolder.getLocale(), out);
        out.flush();
    }

    /**
     * The CSV body: a header row in the user's language, then one row per department. The bureau's replies and open
     * cases are empty cells on the other departments' rows, which receive no cases.
     */
    void write(List<DeliveryOversight.Scorecard> cards, Map<String, CaseDesk.CaseFigures> caseFigures, Checks checks,
            Locale locale, Writer out) throws IOException {
        String[] header = new String[COLUMNS.length + 1];
        header[0] = messages.getMessage("scorecard.code", null, locale);
        for (int i = 0; i < COLUMNS.length; i++) {
            header[i + 1] = messages.getMessage("scorecard." + COLUMNS[i], null, locale);
        }
        CSVPrinter csv = new CSVPrinter(out, CSVFormat.EXCEL.builder().setHeader(header).get());
        for (DeliveryOversight.Scorecard c : cards) {
            CaseDesk.CaseFigures f = caseFigures.getOrDefault(c.department(), CaseDesk.CaseFigures.NONE);
            boolean bureau = isBureau(c.department());
            TaskDesk.TaskFigures t = checks.tasks().getOrDefault(c.department(), TaskDesk.TaskFigures.NONE);
            csv.printRecord(c.department(), departments.find(c.department()).map(Department::name).orElse(c.department()), c.delivered(),
                    c.signedOnTime(), c.due(), c.onTimePercent(), c.medianDaysToSign(), c.overdue(), c.escalations(),
                    f.filed(), bureau ? f.repliesOnTime() : null, bureau ? f.repliesDue() : null, bureau ? f.open() : null,
                    t.due(), t.onTime(), t.onTimePercent(), checks.rectifications().getOrDefault(c.department(), 0L));
        }
        csv.flush();
    }

    private void fill(Period period, Model model) {
        model.addAttribute("period", period);
        model.addAttribute("cards", oversight.scorecards(period.from(), period.to()));
        model.addAttribute("caseFigures", caseFigures(period));
        model.addAttribute("noCases", CaseDesk.CaseFigures.NONE);
        model.addAttribute("taskFigures", taskFigures(period));
        model.addAttribute("noTasks", TaskDesk.TaskFigures.NONE);
        model.addAttribute("rectifications", rectifications(period));
    }

    /** Commitment checks per department and the open rectifications: the CSV's last columns (issue 13). */
    record Checks(Map<String, TaskDesk.TaskFigures> tasks, Map<String, Long> rectifications) {
    }

    /** The commitment checks per department; none while the commitment feature is not part of the hub. */
    private Map<String, TaskDesk.TaskFigures> taskFigures(Period period) {
        TaskDesk desk = tasks.getIfAvailable();
        return desk == null ? Map.of() : desk.figures(period);
    }

    /** The period's open rectifications per department; none while the cases feature is not part of the hub. */
    private Map<String, Long> rectifications(Period period) {
        CaseDesk desk = cases.getIfAvailable();
        return desk == null ? Map.of() : desk.openRectifications(period);
    }

    /** The case figures per department; none while the cases feature is not part of the hub. */
    private Map<String, CaseDesk.CaseFigures> caseFigures(Period period) {
        CaseDesk desk = cases.getIfAvailable();
        return desk == null ? Map.of() : desk.figures(period);
    }

    private boolean isBureau(String code) {
        return departments.find(code).map(d -> CasePagesController.BUREAU_ROLE.equals(d.role())).orElse(false);
    }
}
