package org.linkagehub.cases;

import static org.linkagehub.platform.ApiAnswers.error;
import static org.linkagehub.platform.ApiAnswers.uuid;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.linkagehub.canonical.Reason;
import org.linkagehub.canonical.StrictInput;
import org.linkagehub.platform.BeijingTime;
import org.linkagehub.platform.Caller;
import org.linkagehub.platform.Json;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * {@code /api/v1/cases}: a department files its letters to the bureau as itself (its bearer token names it); the
 * bureau replies. A case the caller may not see is answered 404, as if it did not exist.
 */
@RestController
@Tag(name = "Cases", description = "Departments' letters to the approval bureau and the bureau's replies")
public class CaseController {

    private final CaseService cases;
    private final CaseQueries queries;
    private final CaseAttachments attachments;
    private final Json json;

    public CaseController(CaseService cases, CaseQueries queries, CaseAttachments attachments, Json json) {
        this.cases = cases;
        this.queries = queries;
        this.attachments = attachments;
        this.json = json;
    }

    @PostMapping(path = "/api/v1/cases", consumes = "*/*")
    @Operation(summary = "File a case with the approval bureau",
            description = "201 {caseId,status,replyDueAt}; 200 with the same case for a repeated caseRef with the same "
                    + "content; 409 {caseId,reasons} for a caseRef already filed with other content; 422 reasons")
    public ResponseEntity<Map<String, Object>> file(@RequestBody(required = false) byte[] body, Authentication caller) {
        Optional<String> department = Caller.department(caller);
        if (department.isEmpty()) {
            return error(HttpStatus.FORBIDDEN, "only a department files a case");
        }
        CaseService.Filing f = cases.file(department.get(), body == null ? new byte[0] : body, "REST",
                "dept:" + department.get());
        if (f.conflict()) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("status", 409, "caseId", f.caseId(),
                    "reasons", f.reasons()));
        }
        if (!f.accepted()) {
            return ResponseEntity.unprocessableEntity().body(Map.of("status", 422, "reasons", f.reasons()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("caseId", f.caseId());
        out.put("status", f.status());
        out.put("replyDueAt", BeijingTime.of(f.replyDueAt())); // as GET shows it
        return ResponseEntity.status(f.created() ? HttpStatus.CREATED : HttpStatus.OK).body(out);
    }

    @GetMapping("/api/v1/cases")
    @Operation(summary = "Cases the caller may see, newest first; filters status, department, type")
    public Map<String, Object> list(@RequestParam(required = false) String status,
            @RequestParam(required = false) String department, @RequestParam(required = false) String type,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size,
            Authentication caller) {
        CaseQueries.PageOf p = queries.list(scope(caller), blank(department), blank(status), blank(type), page, size);
        return Map.of("items", p.items(), "total", p.total(), "page", p.page(), "size", p.size());
    }

    @GetMapping("/api/v1/cases/{caseId}")
    @Operation(summary = "One case with its history, deadline, reply and linked decision")
    public ResponseEntity<?> one(@PathVariable String caseId, Authentication caller) {
        Optional<UUID> id = uuid(caseId);
        Optional<CaseQueries.CaseDetail> found = id.flatMap(i -> queries.find(scope(caller), i));
        if (found.isEmpty()) {
            return error(HttpStatus.NOT_FOUND, "no case " + caseId);
        }
        CaseQueries.CaseDetail d = found.get();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("case", d.row());
        out.put("requestedAction", d.requestedAction());
        out.put("letter", d.letter());
        out.put("filed", json.tree(d.fieldsJson()));
        out.put("history", d.history());
        out.put("reply", d.reply());
        Map<String, Object> deadlines = new LinkedHashMap<>();
        deadlines.put("replyDueAt", String.valueOf(d.row().replyDueAt()));
        deadlines.put("overdue", d.row().overdue());
        deadlines.put("warnedAt", d.warnedAt());
        deadlines.put("escalatedAt", d.escalatedAt());
        out.put("deadlines", deadlines);
        out.put("decision", d.row().decisionId() == null ? null
                : Map.of("decisionId", d.row().decisionId(), "lineageId", d.row().lineageId(),
                        "documentNumber", String.valueOf(d.row().documentNumber())));
        out.put("closedByDecision", d.closedByDecision());
        out.put("attachments", attachments.list(d.row().caseId()));
        return ResponseEntity.ok(out);
    }

    /**
     * Files attached by the department that filed the case: multipart/form-data, one or more parts named
     * {@code file}. One file answers its attachment; several answer {@code {"items":[…]}}, each with {@code created}.
     */
    @PostMapping(path = "/api/v1/cases/{caseId}/attachments", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Attach files to a case (the filing department's token; multipart parts named 'file')",
            description = "201 {attachmentId,fileName,sizeBytes,sha256} for a new file; 200 with the attachment "
                    + "already there for the same bytes (sha256); several parts answer {items:[…]} with created for "
                    + "each. 413 over linkage.cases.attachment-max-size, 422 for a bad file name, 409 for a new file "
                    + "on a closed case, 403 for the bureau, 404 for anyone else.")
    public ResponseEntity<?> attach(@PathVariable String caseId, @RequestPart("file") List<MultipartFile> files,
            Authentication caller) throws IOException {
        Optional<String> department = Caller.department(caller);
        if (department.isEmpty()) {
            return error(HttpStatus.FORBIDDEN, "only the department that filed the case attaches files to it");
        }
        Optional<UUID> id = uuid(caseId);
        if (id.isEmpty()) {
            return error(HttpStatus.NOT_FOUND, "no case " + caseId);
        }
        List<CaseAttachments.Upload> uploads = files.stream().map(f -> new CaseAttachments.Upload(
                f.getOriginalFilename(), f.getContentType(), f.getSize(), f::getBytes)).toList();
        CaseAttachments.Attached attached = attachments.attach(department.get(), id.get(), uploads,
                "dept:" + department.get());
        if (!attached.done()) {
            HttpStatus status = switch (attached.refusal()) {
                case NOT_FOUND -> HttpStatus.NOT_FOUND;
                case NOT_THE_FILER -> HttpStatus.FORBIDDEN;
                case CLOSED -> HttpStatus.CONFLICT;
                case TOO_LARGE -> HttpStatus.PAYLOAD_TOO_LARGE;
                case INVALID -> HttpStatus.UNPROCESSABLE_ENTITY;
            };
            if (status == HttpStatus.NOT_FOUND) {
                return error(status, "no case " + caseId);
            }
            Map<String, Object> out = new LinkedHashMap<>(error(status, attached.reasons().get(0).message()).getBody());
            out.put("reasons", attached.reasons());
            return ResponseEntity.status(status).body(out);
        }
        List<CaseAttachments.Stored> stored = attached.stored();
        boolean created = stored.stream().anyMatch(CaseAttachments.Stored::created);
        Object body;
        if (stored.size() == 1) {
            body = view(stored.get(0).attachment());
        } else {
            body = Map.of("items", stored.stream().map(st -> {
                Map<String, Object> item = view(st.attachment());
                item.put("created", st.created());
                return item;
            }).toList());
        }
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(body);
    }

    @GetMapping("/api/v1/cases/{caseId}/attachments/{attachmentId}")
    @Operation(summary = "Download an attachment of a case the caller may read",
            description = "The bytes as uploaded, with their Content-Type, Content-Disposition: attachment and "
                    + "X-Content-Type-Options: nosniff; 404 when the case or the attachment is not the caller's to see")
    public ResponseEntity<?> attachment(@PathVariable String caseId, @PathVariable String attachmentId,
            Authentication caller) {
        Optional<UUID> id = uuid(caseId).filter(i -> queries.visible(scope(caller), i));
        Optional<CaseAttachments.Download> found = id.flatMap(i -> uuid(attachmentId)
                .flatMap(a -> attachments.download(i, a)));
        if (found.isEmpty()) {
            return error(HttpStatus.NOT_FOUND, "no attachment " + attachmentId + " of case " + caseId);
        }
        return found.get().answer();
    }

    /** An attachment as the upload answers it: what a department checks its file against. */
    private static Map<String, Object> view(CaseAttachments.Attachment a) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("attachmentId", a.attachmentId());
        out.put("fileName", a.fileName());
        out.put("sizeBytes", a.sizeBytes());
        out.put("sha256", a.sha256());
        return out;
    }

    /** Body {@code {"outcome":"WILL_REVOKE","letter":{documentNumber,date,signer},"note":"…","reason":"…"}}. */
    @PostMapping(path = "/api/v1/cases/{caseId}/reply", consumes = "*/*")
    @Operation(summary = "The bureau's reply to a case (bureau token only)")
    public ResponseEntity<?> reply(@PathVariable String caseId, @RequestBody(required = false) byte[] body,
            Authentication caller) {
        Optional<String> department = Caller.department(caller);
        if (department.isEmpty() || !cases.isBureau(department.get())) {
            return error(HttpStatus.FORBIDDEN, "only the approval bureau replies to a case");
        }
        Optional<UUID> id = uuid(caseId);
        if (id.isEmpty()) {
            return error(HttpStatus.NOT_FOUND, "no case " + caseId);
        }
        Read read = read(body);
        if (read.refusal() != null) {
            return read.refusal();
        }
        JsonNode tree = read.tree();
        Letter letter = null;
        JsonNode l = tree.get("letter");
        if (l != null && l.isObject()) {
            letter = new Letter(text(l, "documentNumber"), text(l, "date"), text(l, "signer"));
        }
        CaseService.ReplyResult r = cases.reply(department.get(), id.get(), text(tree, "outcome"), letter,
                text(tree, "note"), text(tree, "reason"), text(tree, "rectifyBy"), "dept:" + department.get());
        if (r.notFound()) {
            return error(HttpStatus.NOT_FOUND, "no case " + caseId);
        }
        if (!r.done()) {
            return ResponseEntity.unprocessableEntity().body(Map.of("status", 422, "reasons", r.reasons()));
        }
        return ResponseEntity.ok(Map.of("caseId", id.get(), "status", r.status()));
    }

    /** Body {@code {"rectified":true|false,"note":"…"}}: the filing department's report on a RECTIFYING case. */
    @PostMapping(path = "/api/v1/cases/{caseId}/rectification", consumes = "*/*")
    @Operation(summary = "The filing department reports whether the party rectified (整改) by the bureau's date")
    public ResponseEntity<?> rectification(@PathVariable String caseId, @RequestBody(required = false) byte[] body,
            Authentication caller) {
        Optional<String> department = Caller.department(caller);
        Optional<UUID> id = uuid(caseId);
        if (department.isEmpty() || id.isEmpty()) {
            return error(HttpStatus.NOT_FOUND, "no case " + caseId);
        }
        Read read = read(body);
        if (read.refusal() != null) {
            return read.refusal();
        }
        JsonNode tree = read.tree();
        JsonNode rectified = tree.get("rectified");
        if (rectified == null || !rectified.isBoolean()) {
            return ResponseEntity.unprocessableEntity().body(Map.of("status", 422, "reasons", List.of(Reason.of(
                    "rectified", rectified == null ? null : rectified.toString(),
                    rectified == null ? "missing" : "type", "true or false"))));
        }
        CaseService.Rectification r = cases.rectification(department.get(), id.get(), rectified.booleanValue(),
                text(tree, "note"), "dept:" + department.get());
        if (r.notFound()) {
            return error(HttpStatus.NOT_FOUND, "no case " + caseId);
        }
        if (!r.done()) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("status", 409, "reasons", r.reasons()));
        }
        return ResponseEntity.ok(Map.of("caseId", id.get(), "status", r.status()));
    }

    /** A body read by the strict reading: one JSON object with clean text, or the 400 / 422 answer refusing it. */
    private record Read(JsonNode tree, ResponseEntity<?> refusal) {
    }

    private static Read read(byte[] body) {
        JsonNode tree;
        try {
            tree = StrictInput.json(body == null ? new byte[0] : body);
        } catch (org.linkagehub.canonical.MalformedPayloadException e) {
            return new Read(null, ResponseEntity.badRequest().body(Map.of("status", 400, "reasons",
                    List.of(e.reason()))));
        }
        List<Reason> problems = tree.isObject() ? CaseService.textProblems(tree, "")
                : List.of(Reason.of("$", null, "malformed", "a JSON object"));
        return problems.isEmpty() ? new Read(tree, null)
                : new Read(null, ResponseEntity.unprocessableEntity().body(Map.of("status", 422, "reasons", problems)));
    }

    private CaseQueries.Scope scope(Authentication caller) {
        return Caller.department(caller).map(d -> new CaseQueries.Scope(d, cases.isBureau(d)))
                .orElse(CaseQueries.Scope.ALL);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
