package org.linkagehub.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.ProducerTemplate;
import org.linkagehub.canonical.Reason;
import org.linkagehub.quarantine.QuarantineStore;
import org.linkagehub.raw.RawInput;
import org.linkagehub.raw.RawInputStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A batch of paper decisions uploaded as CSV. The file is stored raw first (source {@code manual}, transport
 * {@code csv}); a file that cannot be read as the documented CSV is refused whole and kept in quarantine. Each row
 * then becomes a JSON object stored as its own raw input (source {@code manual-csv}, transport {@code csv-row},
 * metadata naming the file's raw input and row), as the database rows of other platforms are, and goes through the
 * manual intake route and {@code mappings/sources/manual-csv.yaml}: so every row gets its own outcome, and a
 * quarantined row is replayed on its own.
 */
@Service
public class ManualCsvUpload {

    static final String FILE_SOURCE = "manual";
    static final String ROW_SOURCE = "manual-csv";
    private static final Logger log = LoggerFactory.getLogger(ManualCsvUpload.class);

    private final RawInputStore raw;
    private final QuarantineStore quarantine;
    private final TransactionTemplate transaction;
    private final ProducerTemplate camel;
    private final ObjectMapper json;

    public ManualCsvUpload(RawInputStore raw, QuarantineStore quarantine, TransactionTemplate transaction,
            ProducerTemplate camel, ObjectMapper json) {
        this.raw = raw;
        this.quarantine = quarantine;
        this.transaction = transaction;
        this.camel = camel;
        this.json = json;
    }

    /** One row's outcome; {@code row} is its line in a spreadsheet (the header is row 1). */
    public record RowOutcome(int row, String recordId, String documentNumber, IntakeOutcome.Status status,
            List<UUID> decisionIds, List<Reason> reasons) {
    }

    /**
     * @param refused   why the whole file was refused (empty when it was read)
     * @param totals    rows, and rows per status
     */
    public record Result(long rawInputId, String charset, List<Reason> refused, List<RowOutcome> rows,
            Map<String, Integer> totals) {
    }

    public Result upload(byte[] body, String fileName, String charset, String operator) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("operator", operator);
        if (fileName != null) {
            meta.put("fileName", fileName);
        }
        if (charset != null) {
            meta.put("charset", charset);
        }
        RawInput file = raw.store(FILE_SOURCE, "csv", fileName, meta, body, false);
        ManualCsvReader.Result read = ManualCsvReader.read(body, charset, file.sha256(), json);
        String used = read.charset() == null ? null : read.charset().name();
        if (!read.problems().isEmpty()) {
            transaction.executeWithoutResult(tx -> {
                quarantine.quarantine(file.id(), FILE_SOURCE, fileName, read.problems());
                raw.markOutcome(file.id(), "REJECTED", null);
            });
            log.info("CSV upload {} refused: {}", file.id(), read.problems().stream().map(Reason::rule).toList());
            return new Result(file.id(), used, read.problems(), List.of(), Map.of("rows", 0));
        }
        List<RowOutcome> rows = new ArrayList<>();
        Map<String, Integer> totals = new LinkedHashMap<>();
        totals.put("rows", read.rows().size());
        for (IntakeOutcome.Status s : List.of(IntakeOutcome.Status.ACCEPTED, IntakeOutcome.Status.DUPLICATE,
                IntakeOutcome.Status.QUARANTINED)) {
            totals.put(s.name().toLowerCase(Locale.ROOT), 0);
        }
        for (ObjectNode row : read.rows()) {
            String recordId = row.path(ManualCsvColumn.ROW_ID).asText();
            int number = Integer.parseInt(recordId.substring(recordId.lastIndexOf(':') + 1));
            RawInput input = raw.store(ROW_SOURCE, "csv-row", recordId,
                    Map.of("file", Long.toString(file.id()), "row", Integer.toString(number)), bytes(row), false);
            IntakeOutcome outcome = camel.requestBody("direct:manual-intake", input, IntakeOutcome.class);
            IntakeOutcome.Status status = outcome.status() == IntakeOutcome.Status.MALFORMED
                    ? IntakeOutcome.Status.QUARANTINED : outcome.status();
            totals.merge(status.name().toLowerCase(Locale.ROOT), 1, Integer::sum);
            rows.add(new RowOutcome(number, recordId, row.path(ManualCsvColumn.DOCUMENT_NUMBER.key).asText(null), status,
                    outcome.decisionIds(), outcome.reasons()));
        }
        String overall = totals.get("accepted") > 0 ? "ACCEPTED" : totals.get("quarantined") > 0 ? "QUARANTINED" : "DUPLICATE";
        transaction.executeWithoutResult(tx -> raw.markOutcome(file.id(), overall, null));
        log.info("CSV upload {}: {}", file.id(), totals);
        return new Result(file.id(), used, List.of(), rows, totals);
    }

    private byte[] bytes(ObjectNode row) {
        try {
            return json.writeValueAsBytes(row);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a CSV row cannot be written as JSON", e);
        }
    }
}
