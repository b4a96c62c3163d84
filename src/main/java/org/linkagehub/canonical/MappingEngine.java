package org.linkagehub.canonical;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Component;

/**
 * Runs a {@link SourceMapping} over a platform's payload. It changes no state, so the same code serves
 * intake, replay and the mapping dry run.
 */
@Component
public class MappingEngine {

    /** Canonical fields a mapping may fill; {@code subject.code} is sorted into USCC or ID number by shape. */
    static final Set<String> TARGETS = Set.of("documentNumber", "decisionType", "decisionDate", "matter.code",
            "matter.name", "subject.category", "subject.name", "subject.uscc", "subject.idNumber", "subject.code",
            "licence.name", "licence.number", "licence.validFrom", "licence.validTo", "commitment", "supersedes",
            "issuingAuthority.name", "issuingAuthority.uscc");
    static final Set<String> TRANSFORMS = Set.of("text", "code", "date", "flag");
    static final Set<String> FORMATS = Set.of("json", "xml", "csv");

    private final ObjectMapper json;
    private final DecisionValidator validator;

    public MappingEngine(ObjectMapper json, DecisionValidator validator) {
        this.json = json;
        this.validator = validator;
    }

    /**
     * Splits a payload into its records.
     *
     * @throws MalformedPayloadException with the specific reason when the bytes are not UTF-8 or not JSON, or not
     *                                   XML in the encoding they declare, or not the CSV file the mapping describes
     */
    public List<JsonNode> records(SourceMapping mapping, byte[] body) {
        if (mapping.format().equals("xml")) {
            // one document is one record; XmlTree decodes by the prolog, so the bytes are not UTF-8 checked here
            return List.of(XmlTree.read(body, mapping.root()));
        }
        if (mapping.format().equals("csv")) {
            return CsvRecords.read(mapping, body, json);
        }
        JsonNode root = StrictInput.json(body);
        if (!root.isContainerNode()) {
            throw new MalformedPayloadException(Reason.of("(body)", null, "malformed", "body is not a JSON object"));
        }
        if (mapping.records() == null) {
            if (!root.isObject()) {
                throw new MalformedPayloadException(Reason.of("(body)", null, "malformed", "body is not a JSON object"));
            }
            return List.of(root);
        }
        JsonNode list = at(root, mapping.records());
        if (list == null || !list.isArray()) {
            throw new MalformedPayloadException(Reason.of(mapping.records(), null, "malformed",
                    "expected a list of records at '" + mapping.records() + "'"));
        }
        List<JsonNode> records = new ArrayList<>(list.size());
        list.forEach(records::add);
        return records;
    }

    /** Maps one record; every problem is collected, not just the first. */
    public MappingResult map(SourceMapping mapping, JsonNode record, OffsetDateTime receivedAt) {
        return map(mapping, record, receivedAt, Excuses.NONE);
    }

    /** As {@link #map(SourceMapping, JsonNode, OffsetDateTime)}, with the checksum failures an operator excused. */
    public MappingResult map(SourceMapping mapping, JsonNode record, OffsetDateTime receivedAt, Excuses excuses) {
        String recordId = recordId(mapping, record);
        List<Reason> reasons = new ArrayList<>();
        // a hostile record id must not become a source reference: the payload's own reference stands in
        Optional<Reason> badId = StrictInput.textProblem(mapping.recordId(), recordId, FieldLimits.max("source.recordId"),
                false);
        if (badId.isPresent()) {
            reasons.add(badId.get());
            recordId = null;
        } else if (recordId == null) {
            reasons.add(Reason.of(mapping.recordId(), null, "missing", "the record has no id at '" + mapping.recordId() + "'"));
        }
        ObjectNode canonical = json.createObjectNode();
        String subjectCode = null;
        for (Map.Entry<String, SourceMapping.Field> entry : mapping.fields().entrySet()) {
            String target = entry.getKey();
            SourceMapping.Field field = entry.getValue();
            String raw = field.value() != null ? field.value() : text(at(record, field.path()));
            Optional<Reason> hostile = StrictInput.textProblem(target, raw, FieldLimits.max(target), personal(target));
            if (hostile.isPresent()) {
                reasons.add(hostile.get());
                continue;
            }
            Object value;
            try {
                value = convert(mapping, field, raw);
            } catch (SkipRecord skip) {
                return new MappingResult(recordId, null, List.of(), skip.getMessage());
            } catch (IllegalArgumentException | DateTimeException e) {
                reasons.add(Reason.of(target, StrictInput.shown(raw), ruleOf(field), e.getMessage()));
                continue;
            }
            if (value == null) {
                continue;
            }
            if (target.equals("subject.code")) {
                subjectCode = (String) value;
            } else {
                put(canonical, target, value);
            }
        }
        if (subjectCode != null) {
            assignSubjectCode(canonical, subjectCode);
        }
        ObjectNode source = canonical.putObject("source");
        source.put("system", mapping.source());
        source.put("recordId", recordId);
        source.put("receivedAt", receivedAt.toString());
        Decision decision;
        try {
            decision = json.treeToValue(canonical, Decision.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            reasons.add(Reason.of("(mapping)", null, "mapping", "mapping " + mapping.name()
                    + " produced a value the canonical model refuses: " + StrictInput.plain(String.valueOf(e.getMessage()))));
            return MappingResult.invalid(recordId, reasons);
        }
        // a field that failed to convert is already reported; "missing" would say the same thing twice
        Set<String> failed = new HashSet<>();
        reasons.forEach(r -> failed.add(r.field()));
        Decision mapped = decision;
        validator.validate(decision).stream()
                .filter(r -> !(r.rule().equals("missing") && failed.contains(r.field())))
                .filter(r -> !(Excuses.excusable(r) && excuses.excuse(r, mapped)))
                .forEach(reasons::add);
        return reasons.isEmpty() ? new MappingResult(recordId, decision, List.of(), null)
                : MappingResult.invalid(recordId, reasons);
    }

    private Object convert(SourceMapping mapping, SourceMapping.Field field, String raw) {
        String transform = field.transform() == null ? "text" : field.transform();
        if (transform.equals("flag")) {
            String v = Text.code(raw);
            return v != null && field.trueValues() != null
                    && field.trueValues().stream().anyMatch(t -> t.equalsIgnoreCase(v));
        }
        String value = transform.equals("code") ? Text.code(raw) : Text.clean(raw);
        if (value == null || (field.absent() != null && field.absent().contains(value))) {
            return null;
        }
        if (field.codes() != null) {
            Map<String, String> list = mapping.codes().get(field.codes());
            String key = Text.code(value);
            if (!list.containsKey(key)) {
                throw new IllegalArgumentException("'" + value + "' is not in code list " + field.codes() + " "
                        + list.keySet());
            }
            value = list.get(key);
            if (value == null) {
                throw new SkipRecord("code " + key + " of list " + field.codes() + " is not a decision to supervise");
            }
        }
        return transform.equals("date") ? DateForms.parse(value).toString() : value;
    }

    /** Fields whose value a reason must not repeat (the validator shows ID numbers masked). */
    private static boolean personal(String target) {
        return target.equals("subject.idNumber") || target.equals("subject.code");
    }

    private static String ruleOf(SourceMapping.Field field) {
        if (field.codes() != null) {
            return "unknown-code";
        }
        return "date".equals(field.transform()) ? "date" : "value";
    }

    /**
     * Platforms put a USCC or an ID number in one column (an individual business may carry either):
     * a valid ID number is one, a valid USCC the other; an invalid code goes where its category says,
     * so the validator reports the right checksum.
     */
    private static void assignSubjectCode(ObjectNode canonical, String code) {
        ObjectNode subject = canonical.withObjectProperty("subject");
        String category = subject.path("category").asText("");
        boolean id = IdNumber.isValid(code) || (!Uscc.isValid(code) && category.equals("PERSON"));
        subject.put(id ? "idNumber" : "uscc", code);
    }

    private static void put(ObjectNode node, String dotted, Object value) {
        int dot = dotted.indexOf('.');
        if (dot > 0) {
            put(node.withObjectProperty(dotted.substring(0, dot)), dotted.substring(dot + 1), value);
        } else if (value instanceof Boolean b) {
            node.put(dotted, b);
        } else {
            node.put(dotted, (String) value);
        }
    }

    /** The record's id: the text at {@code recordId}, or the texts at each of its {@code +} paths joined by /. */
    private static String recordId(SourceMapping mapping, JsonNode record) {
        if (mapping.recordId().indexOf('+') < 0) {
            return Text.clean(text(at(record, mapping.recordId())));
        }
        StringBuilder id = new StringBuilder();
        for (String path : mapping.recordId().split("\\+")) {
            String part = Text.clean(text(at(record, path.trim())));
            if (part == null) {
                return null;
            }
            id.append(id.isEmpty() ? "" : "/").append(part);
        }
        return id.toString();
    }

    static JsonNode at(JsonNode node, String dotted) {
        if (dotted == null || node == null) {
            return null;
        }
        JsonNode current = node;
        for (String part : dotted.split("\\.")) {
            current = current.get(part);
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    /** A value's text; a path to an XML element with attributes or children means its {@code #text}. */
    private static String text(JsonNode node) {
        if (node != null && node.isObject() && node.has("#text")) {
            return node.get("#text").asText();
        }
        return node == null || node.isNull() || node.isContainerNode() ? null : node.asText();
    }

    private static final class SkipRecord extends RuntimeException {
        SkipRecord(String message) {
            super(message, null, false, false);
        }
    }
}
