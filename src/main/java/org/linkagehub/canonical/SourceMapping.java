package org.linkagehub.canonical;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One source's declarative mapping, read from {@code mappings/sources/<name>.yaml}: how a platform's
 * record becomes the canonical decision. IT teams edit these files, not Java.
 *
 * @param name     equals the file name without {@code .yaml}
 * @param source   the source system its decisions name ({@code source.system}), upper case letters, digits and
 *                 {@code _} ({@link MappingCatalog#SOURCE_SYSTEM}); several mappings may share one (manual, manual-csv)
 * @param version  bumped by whoever edits the file; shown by GET /api/v1/mappings, audited on each reload and
 *                 recorded, with the file's sha256, on each decision and quarantine entry it makes
 *                 ({@link MappingRef})
 * @param format   {@code json} (also rows read from a database, stored as JSON), {@code xml} or {@code csv} (a file
 *                 whose first line names the columns; the paths are the column titles)
 * @param root     for {@code xml}: the local name the document's root element must have (one document is one
 *                 record; its namespace is ignored)
 * @param records  path to the list of records inside one payload; absent when a payload is one record
 * @param recordId path to the platform's own id of a record (event id, case number, row id); several paths joined
 *                 by {@code +} when the platform identifies a record by several fields, their values then joined
 *                 by {@code /}
 * @param fields   canonical field (dotted, e.g. {@code subject.uscc}) → how to fill it
 * @param codes    code lists by name: a platform's code → canonical value; {@code ~} (null) means the record
 *                 is kept but is not a decision to map (e.g. a withdrawn case)
 * @param query    for a database source: the SQL that reads the platform's view, kept here because identifier
 *                 quoting differs between databases
 * @param csv      for {@code csv}: how the file is read
 */
public record SourceMapping(@JsonProperty(required = true) String name,
        @JsonProperty(required = true) String source, String title,
        @JsonProperty(required = true) Integer version, @JsonProperty(required = true) String format,
        String root, String records, @JsonProperty(required = true) String recordId,
        @JsonProperty(required = true) LinkedHashMap<String, Field> fields, Map<String, Map<String, String>> codes,
        String query, Csv csv) {

    public SourceMapping {
        codes = codes == null ? Map.of() : codes;
    }

    /**
     * How a {@code csv} file is read.
     *
     * @param charset   the file's encoding, decoded strictly; UTF-8 when absent (a byte-order mark is dropped)
     * @param countLine a regular expression the file's last non-empty line (its cells joined by {@code ,}) must
     *                  match, its first group the number of records above it, e.g. {@code 合计,(\d+)条}; a file
     *                  without it, or whose count disagrees, was cut off and is refused whole. Absent: no count line
     */
    public record Csv(String charset, String countLine) {

        static final Csv DEFAULT = new Csv(null, null);
    }

    /**
     * How one canonical field is filled: from {@code path} or the constant {@code value}, then through
     * {@code transform} ({@code text} by default, {@code code}, {@code date}, {@code flag}) and the code list
     * {@code codes}.
     *
     * @param trueValues for {@code flag}: the platform values that mean true (anything else is false)
     * @param absent     platform values that mean "no value" (e.g. {@code 2099-12-31} for an open-ended validity)
     */
    public record Field(String path, String value, String transform, String codes, List<String> trueValues,
            List<String> absent, String description) {
    }
}
