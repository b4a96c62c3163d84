package org.linkagehub.ingest;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.linkagehub.canonical.Reason;
import org.linkagehub.canonical.StrictInput;
import org.linkagehub.canonical.Text;

/**
 * Reads a paper-decision CSV upload into one JSON object per row, keyed by {@link ManualCsvColumn} keys, for the
 * mapping {@code manual-csv}. Offices save spreadsheets as UTF-8 (often with a byte-order mark) or, on older
 * Windows, as GB18030/GBK: the bytes are decoded as strict UTF-8 first, else as GB18030, unless the uploader names
 * the charset. A file-level problem (undecodable, not CSV, an unknown or missing column) refuses the whole file;
 * row-level problems are the mapping's and the validator's.
 */
final class ManualCsvReader {

    static final Charset GB18030 = Charset.forName("GB18030");

    private ManualCsvReader() {
    }

    /** The rows in file order, or every problem that refuses the file. */
    record Result(Charset charset, List<ObjectNode> rows, List<Reason> problems) {
    }

    static Result read(byte[] body, String charsetName, String sha256, ObjectMapper json) {
        if (body.length == 0) {
            return refused(null, Reason.of("(body)", null, "empty", "the file is empty; expected a header and rows"));
        }
        Charset charset;
        String text;
        if (charsetName != null && !charsetName.isBlank()) {
            try {
                charset = Charset.forName(charsetName.trim());
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                return refused(null, Reason.of("charset", charsetName, "charset", "unknown charset '" + charsetName + "'"));
            }
            Optional<String> decoded = Text.strict(body, charset);
            if (decoded.isEmpty()) {
                return refused(charset, Reason.of("(body)", null, "encoding", "the file is not valid " + charset.name()));
            }
            text = decoded.get();
        } else {
            Optional<String> utf8 = Text.strictUtf8(body);
            charset = utf8.isPresent() ? StandardCharsets.UTF_8 : GB18030;
            Optional<String> decoded = utf8.isPresent() ? utf8 : Text.strict(body, GB18030);
            if (decoded.isEmpty()) {
                return refused(null, Reason.of("(body)", null, "encoding", "the file is neither UTF-8 nor GB18030; "
                        + "name its charset with ?charset="));
            }
            text = decoded.get();
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true)
                .setAllowMissingColumnNames(true).get();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            Map<ManualCsvColumn, String> columns = new EnumMap<>(ManualCsvColumn.class);
            List<Reason> problems = new ArrayList<>();
            for (String header : parser.getHeaderNames()) {
                if (header == null || header.isBlank()) {
                    continue;
                }
                Optional<ManualCsvColumn> column = ManualCsvColumn.byHeader(header);
                if (column.isEmpty()) {
                    problems.add(Reason.of(StrictInput.shown(header), null, "unknown-column", "column '"
                            + StrictInput.shown(header)
                            + "' is not one of the documented columns (README, CSV upload)"));
                } else if (columns.putIfAbsent(column.get(), header) != null) {
                    problems.add(Reason.of(header, null, "duplicate-column", "columns '" + columns.get(column.get())
                            + "' and '" + header + "' both fill " + column.get().key));
                }
            }
            for (ManualCsvColumn c : ManualCsvColumn.values()) {
                if (c.mandatory && !columns.containsKey(c)) {
                    problems.add(Reason.of(c.key, null, "missing-column", "the file has no column " + c.key + " ("
                            + String.join(" / ", c.headers) + ")"));
                }
            }
            if (!columns.containsKey(ManualCsvColumn.USCC) && !columns.containsKey(ManualCsvColumn.ID_NUMBER)) {
                problems.add(Reason.of("uscc", null, "missing-column",
                        "the file needs a column uscc (统一社会信用代码) or idNumber (证件号码), or both"));
            }
            if (!problems.isEmpty()) {
                return new Result(charset, List.of(), problems);
            }
            List<ObjectNode> rows = new ArrayList<>();
            List<Reason> shape = new ArrayList<>();
            int width = parser.getHeaderNames().size();
            int number = 1;
            for (CSVRecord record : parser) {
                number++;
                if (record.size() != width) {
                    // a cell too many or too few shifts what an office meant into the wrong column: never guessed
                    shape.add(Reason.of("row " + number, null, "row-width", "row " + number + " has " + record.size()
                            + " cells, the header " + width));
                    continue;
                }
                ObjectNode row = json.createObjectNode();
                row.put(ManualCsvColumn.ROW_ID, "csv:" + sha256.substring(0, 12) + ":" + number);
                columns.forEach((column, header) -> {
                    String cell = record.isSet(header) ? record.get(header) : null;
                    if (cell != null && !cell.isBlank()) {
                        row.put(column.key, cell);
                    }
                });
                rows.add(row);
            }
            if (!shape.isEmpty()) {
                return new Result(charset, List.of(), shape.size() > 20 ? shape.subList(0, 20) : shape);
            }
            if (rows.isEmpty()) {
                return refused(charset, Reason.of("(body)", null, "empty", "the file has a header but no rows"));
            }
            return new Result(charset, rows, List.of());
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            return refused(charset, Reason.of("(body)", null, "malformed", "the file is not readable CSV: "
                    + StrictInput.plain(String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e.getMessage()))));
        }
    }

    private static Result refused(Charset charset, Reason reason) {
        return new Result(charset, List.of(), List.of(reason));
    }
}
