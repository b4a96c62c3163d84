package org.linkagehub.cases;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.linkagehub.canonical.Reason;
import org.linkagehub.canonical.StrictInput;
import org.linkagehub.platform.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.unit.DataSize;

/**
 * Files attached to a case (issue 12): uploaded by the department that filed the case, kept whole in
 * {@code case_attachment} with the sha256 the hub computes itself, read by whoever may read the case. The same
 * bytes attached to the same case again are the attachment already there, never a second one.
 *
 * <p>The attachment row is the upload's durable record, committed before the answer: the upload is not copied into
 * {@code raw_input} as well. There is nothing to validate it into and nothing to replay, and a second copy of every
 * file would double the largest thing the hub stores. What is refused (too large, a bad name, a closed case) is
 * answered at once and not kept: the department still has the file and sends it again.
 */
@Service
public class CaseAttachments {

    /** The longest content type kept; a longer one is not a content type. */
    private static final int MAX_CONTENT_TYPE = 200;
    private static final Logger log = LoggerFactory.getLogger(CaseAttachments.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final DataSize maxSize;

    public CaseAttachments(JdbcTemplate jdbc, Clock clock,
            @Value("${linkage.cases.attachment-max-size:10MB}") DataSize maxSize,
            @Value("${spring.servlet.multipart.max-file-size:1MB}") DataSize multipartMaxFile) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.maxSize = maxSize;
        if (multipartMaxFile.toBytes() >= 0 && multipartMaxFile.toBytes() < maxSize.toBytes()) {
            log.warn("linkage.cases.attachment-max-size is {} but spring.servlet.multipart.max-file-size is {}: files "
                    + "between the two are refused with Spring's 413, which does not name the limit", maxSize,
                    multipartMaxFile);
        }
    }

    /** The bytes of one uploaded file, read only once the upload is allowed and small enough. */
    @FunctionalInterface
    public interface Bytes {
        byte[] read() throws IOException;
    }

    /** One uploaded file as sent: its name and content type as the sender's form gave them, and its size. */
    public record Upload(String fileName, String contentType, long size, Bytes bytes) {
    }

    /** An attachment without its bytes, as a case lists it. */
    public record Attachment(UUID attachmentId, String fileName, String contentType, long sizeBytes, String sha256,
            OffsetDateTime uploadedAt, String uploadedBy) {
    }

    /** An attachment stored by an upload, or the one already there with the same bytes ({@code created} false). */
    public record Stored(Attachment attachment, boolean created) {
    }

    /** Why an upload was refused: no such case for the caller (404), not the filer (403), closed (409), 422, 413. */
    public enum Refusal {
        NOT_FOUND, NOT_THE_FILER, CLOSED, INVALID, TOO_LARGE
    }

    /** The outcome of an upload: every file stored (or found already there), or the refusal with its reasons. */
    public record Attached(List<Stored> stored, Refusal refusal, List<Reason> reasons) {

        static Attached refused(Refusal refusal, List<Reason> reasons) {
            return new Attached(List.of(), refusal, reasons);
        }

        public boolean done() {
            return refusal == null;
        }
    }

    /** One attachment with its bytes. */
    public record Download(Attachment attachment, byte[] body) {

        /**
         * The file as an HTTP answer: its content type, always as an attachment (never shown inline) under a name
         * the browser cannot misread (RFC 6266 {@code filename*}, UTF-8 percent-encoded), and {@code nosniff}, so that a file
         * that says it is text is never run as a page.
         */
        public ResponseEntity<byte[]> answer() {
            HttpHeaders headers = new HttpHeaders();
            headers.setContentType(attachment.contentType() == null ? MediaType.APPLICATION_OCTET_STREAM
                    : MediaType.parseMediaType(attachment.contentType()));
            headers.setContentDisposition(ContentDisposition.attachment()
                    .filename(attachment.fileName(), java.nio.charset.StandardCharsets.UTF_8).build());
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Content-Security-Policy", "default-src 'none'; sandbox");
            headers.setCacheControl("private, no-store");
            headers.setContentLength(body.length);
            return ResponseEntity.ok().headers(headers).body(body);
        }
    }

    /** The largest file one attachment may be ({@code linkage.cases.attachment-max-size}). */
    public DataSize maxSize() {
        return maxSize;
    }

    /**
     * Attaches the files to the case as {@code department}: only the department that filed the case may; the bureau
     * is told it may not (403), anyone else that there is no such case (404), as for reading it. All or nothing:
     * one file too large (413) or badly named (422) refuses the upload. A file already attached (same sha256) is
     * that attachment again, also on a closed case; a new file on a closed case is refused (409).
     */
    @Transactional
    public Attached attach(String department, UUID caseId, List<Upload> files, String actor) throws IOException {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "select department, bureau, status from case_file where id = ? for update", caseId);
        if (rows.isEmpty() || !department.equals(rows.get(0).get("department"))) {
            boolean bureau = !rows.isEmpty() && department.equals(rows.get(0).get("bureau"));
            return Attached.refused(bureau ? Refusal.NOT_THE_FILER : Refusal.NOT_FOUND, List.of(Reason.of("caseId",
                    caseId.toString(), bureau ? "not-the-filer" : "not-found",
                    bureau ? "only the department that filed the case attaches files to it" : "no such case")));
        }
        if (files.isEmpty()) {
            return Attached.refused(Refusal.INVALID, List.of(Reason.of("file", null, "missing",
                    "send the files as multipart/form-data parts named file")));
        }
        List<Reason> tooLarge = new ArrayList<>();
        List<Reason> badNames = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Upload f = files.get(i);
            if (f.size() > maxSize.toBytes()) {
                tooLarge.add(Reason.of("file[" + i + "]", StrictInput.shown(fileName(f.fileName())), "too-large",
                        "the file has " + f.size() + " bytes, at most " + maxSize.toBytes() + " (" + maxSize
                                + ") are allowed"));
            }
            fileNameProblem("file[" + i + "].fileName", f.fileName()).ifPresent(badNames::add);
        }
        if (!tooLarge.isEmpty()) {
            return Attached.refused(Refusal.TOO_LARGE, tooLarge);
        }
        if (!badNames.isEmpty()) {
            return Attached.refused(Refusal.INVALID, badNames);
        }
        boolean closed = CaseStatus.CLOSED.name().equals(rows.get(0).get("status"));
        Map<String, Upload> bySha = new LinkedHashMap<>();
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        for (Upload f : files) {
            byte[] body = f.bytes().read();
            if (body.length > maxSize.toBytes()) {
                return Attached.refused(Refusal.TOO_LARGE, List.of(Reason.of("file", null, "too-large",
                        "at most " + maxSize.toBytes() + " bytes (" + maxSize + ") are allowed")));
            }
            String sha = Json.sha256(body);
            order.add(sha);
            bySha.putIfAbsent(sha, f);
            bodies.putIfAbsent(sha, body);
        }
        Map<String, Attachment> already = new LinkedHashMap<>();
        for (Attachment a : list(caseId)) {
            already.put(a.sha256(), a);
        }
        if (closed && !already.keySet().containsAll(bySha.keySet())) {
            return Attached.refused(Refusal.CLOSED, List.of(Reason.of("caseId", caseId.toString(), "closed",
                    "the case is closed; it takes no new attachment")));
        }
        Instant now = clock.instant();
        Map<String, Stored> stored = new LinkedHashMap<>();
        for (Map.Entry<String, Upload> e : bySha.entrySet()) {
            Attachment existing = already.get(e.getKey());
            if (existing != null) {
                stored.put(e.getKey(), new Stored(existing, false));
                continue;
            }
            Attachment a = new Attachment(UUID.randomUUID(), fileName(e.getValue().fileName()),
                    contentType(e.getValue().contentType()), bodies.get(e.getKey()).length, e.getKey(),
                    now.atOffset(ZoneOffset.UTC), actor);
            // the case's row is locked: no other upload to this case runs in between; the unique index says so too
            jdbc.update("""
                    insert into case_attachment (id, case_id, file_name, content_type, size_bytes, sha256, body,
                        uploaded_at, uploaded_by)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", a.attachmentId(), caseId, a.fileName(), a.contentType(),
                    a.sizeBytes(), a.sha256(), bodies.get(e.getKey()), Timestamp.from(now), actor);
            stored.put(e.getKey(), new Stored(a, true));
            log.info("case {}: attachment {} ({} bytes) from {}", caseId, a.attachmentId(), a.sizeBytes(), department);
        }
        return new Attached(order.stream().map(stored::get).distinct().toList(), null, List.of());
    }

    /** The case's attachments, oldest first, without their bytes. */
    public List<Attachment> list(UUID caseId) {
        return jdbc.query("""
                select id, file_name, content_type, size_bytes, sha256, uploaded_at, uploaded_by from case_attachment
                where case_id = ? order by uploaded_at, id""", CaseAttachments::attachment, caseId);
    }

    /** One of the case's attachments with its bytes. */
    public Optional<Download> download(UUID caseId, UUID attachmentId) {
        return jdbc.query("""
                select id, file_name, content_type, size_bytes, sha256, uploaded_at, uploaded_by, body
                from case_attachment where case_id = ? and id = ?""",
                (rs, n) -> new Download(attachment(rs, n), rs.getBytes("body")), caseId, attachmentId).stream()
                .findFirst();
    }

    /**
     * The name a file is kept under: the last part of what the sender's form gave (a browser may send the whole
     * path it was picked from, {@code C:\fakepath\函.pdf}), without surrounding white space.
     */
    static String fileName(String sent) {
        if (sent == null) {
            return null;
        }
        String name = sent.substring(Math.max(sent.lastIndexOf('/'), sent.lastIndexOf('\\')) + 1);
        return name.strip();
    }

    /**
     * What is wrong with the name a file would be kept under ({@link #fileName}), or empty: none, a control
     * character, a lone surrogate or a replaced byte, a leading dot or dash, {@code ..}, or too long (the rules of
     * the exchange folders' names, {@link StrictInput#fileNameProblem}).
     */
    static Optional<Reason> fileNameProblem(String field, String sent) {
        String name = fileName(sent);
        return StrictInput.fileNameProblem(name).map(r -> Reason.of(field, StrictInput.shown(sent), r.rule(),
                r.message().replace("; the file is kept under a safe name", "")));
    }

    /** The content type as sent when it is one (type/subtype and parameters), else none: served as octet-stream. */
    static String contentType(String sent) {
        if (sent == null || sent.isBlank() || sent.length() > MAX_CONTENT_TYPE
                || StrictInput.textProblem("contentType", sent, MAX_CONTENT_TYPE, false).isPresent()) {
            return null;
        }
        try {
            MediaType type = MediaType.parseMediaType(sent);
            return type.isConcrete() ? type.toString() : null;
        } catch (InvalidMediaTypeException e) {
            return null;
        }
    }

    private static Attachment attachment(ResultSet rs, int n) throws SQLException {
        OffsetDateTime at = rs.getObject("uploaded_at", OffsetDateTime.class);
        return new Attachment((UUID) rs.getObject("id"), rs.getString("file_name"), rs.getString("content_type"),
                rs.getLong("size_bytes"), rs.getString("sha256"), at == null ? null : at.withOffsetSameInstant(
                ZoneOffset.UTC), rs.getString("uploaded_by"));
    }
}
