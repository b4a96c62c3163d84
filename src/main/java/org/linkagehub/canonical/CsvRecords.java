package org.linkagehub.canonical;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a CSV file as records for a {@code format: csv} mapping: its first line names the columns, each later line
 * is one record, a JSON object keyed by the column titles (blank cells left out), so a mapping's paths are the
 * platform's own titles. Strict about the whole file, whose problems refuse it whole: bytes not in the declared
 * charset, a line wider or narrower than the header (a shifted cell would put a value in the wrong field), and, when
 * the mapping declares a count line, a last line that is missing or disagrees with the records above it (a file cut
 * off in transfer). Blank lines are ignored.
 */
final class CsvRecords {

    private static final int MAX_SHAPE_PROBLEMS = 20;

    private CsvRecords() {
    }

    static List<JsonNode> read(SourceMapping mapping, byte[] body, ObjectMapper json) {
        SourceMapping.Csv csv = mapping.csv() == null ? SourceMapping.Csv.DEFAULT : mapping.csv();
        Charset charset = csv.charset() == null ? StandardCharsets.UTF_8 : Charset.forName(csv.charset());
        String text = Text.strict(body, charset).orElseThrow(() -> refused("encoding",
                "the file is not valid " + charset.name() + " (the charset mappings/sources/" + mapping.name()
                        + ".yaml declares)"));
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<CSVRecord> lines;
        try (CSVParser parser = CSVParser.parse(new StringReader(text),
                CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).get())) {
            lines = new ArrayList<>(parser.getRecords());
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw refused("malformed", "the file is not readable CSV: " + StrictInput.plain(String.valueOf(
                    e.getCause() != null ? e.getCause().getMessage() : e.getMessage())));
        }
        // a line of commas only is as blank as an empty one
        lines.removeIf(CsvRecords::blank);
        if (lines.isEmpty()) {
            throw refused("empty", "the file is empty; expected a header line and records");
        }
        CSVRecord header = lines.remove(0);
        if (csv.countLine() != null) {
            countLine(csv.countLine(), lines);
        }
        List<String> titles = new ArrayList<>();
        header.forEach(title -> titles.add(Text.clean(title)));
        List<String> shape = new ArrayList<>();
        List<JsonNode> records = new ArrayList<>(lines.size());
        for (CSVRecord line : lines) {
            if (line.size() != titles.size()) {
                shape.add("line " + line.getRecordNumber() + " has " + line.size() + " cells, the header "
                        + titles.size());
                continue;
            }
            ObjectNode record = json.createObjectNode();
            for (int i = 0; i < titles.size(); i++) {
                String cell = line.get(i);
                if (titles.get(i) != null && cell != null && !cell.isBlank()) {
                    record.put(titles.get(i), cell);
                }
            }
            records.add(record);
        }
        if (!shape.isEmpty()) {
            throw refused("row-width", String.join("; ", shape.size() > MAX_SHAPE_PROBLEMS
                    ? shape.subList(0, MAX_SHAPE_PROBLEMS) : shape) + "; the whole file is refused");
        }
        return records;
    }

    /**
     * The last line must be the count line and its count the number of records above it; it is taken off the
     * records. Either fault means the file was cut off, so none of it is taken.
     */
    private static void countLine(String countLine, List<CSVRecord> lines) {
        Pattern pattern = Pattern.compile(countLine);
        CSVRecord last = lines.isEmpty() ? null : lines.get(lines.size() - 1);
        String shown = last == null ? null : String.join(",", last.toList());
        Matcher count = shown == null ? null : pattern.matcher(shown);
        if (count == null || !count.matches()) {
            String value = shown == null ? null : StrictInput.shown(shown);
            throw new MalformedPayloadException(Reason.of("(count line)", value, "count-line",
                    "the file does not end with its count line (" + countLine + "): it was cut off or "
                            + "is incomplete; none of it is taken, send it again whole"));
        }
        lines.remove(lines.size() - 1);
        long said;
        try {
            said = Long.parseLong(count.group(1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw refused("count-line", "the count line '" + StrictInput.shown(shown) + "' has no count");
        }
        if (said != lines.size()) {
            throw new MalformedPayloadException(Reason.of("(count line)", StrictInput.shown(shown), "count-mismatch",
                    "the count line says " + said + " records, the file holds " + lines.size()
                            + ": it was cut off or is incomplete; none of it is taken, send it again whole"));
        }
    }

    private static boolean blank(CSVRecord line) {
        for (String cell : line) {
            if (cell != null && !cell.isBlank()) {
                return false;
            }
        }
        return true;
    }

    private static MalformedPayloadException refused(String rule, String message) {
        return new MalformedPayloadException(Reason.of("(file)", null, rule, message));
    }
}
