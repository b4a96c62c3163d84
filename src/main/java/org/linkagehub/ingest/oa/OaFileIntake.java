package org.linkagehub.ingest.oa;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.jcraft.jsch.ChannelSftp;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.file.FileConstants;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.remote.FtpConstants;
import org.apache.camel.component.file.remote.SftpRemoteFile;
import org.linkagehub.canonical.Reason;
import org.linkagehub.canonical.StrictInput;
import org.linkagehub.ingest.DecisionIntake;
import org.linkagehub.ingest.ExchangeFolder;
import org.linkagehub.ingest.IntakeOutcome;
import org.linkagehub.ingest.OaProperties;
import org.linkagehub.ingest.SourceMonitor;
import org.linkagehub.quarantine.QuarantineStore;
import org.linkagehub.raw.RawInput;
import org.linkagehub.raw.RawInputStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes one OA file, from the inbox or the SFTP folder: stores it raw first (at most
 * {@code linkage.sources.oa.max-file-size}), then runs it through the intake, and says where the file goes.
 * Anything thrown before the raw store, and a database failure after it, leaves the file where it is, so the next
 * poll tries again.
 */
@Component("oaFileIntake")
public class OaFileIntake {

    public static final String SOURCE = "oa";
    /** The names the routes take ({@code include} of {@code routes/oa.yaml}). */
    private static final Pattern XML = Pattern.compile("(?is).*\\.xml");
    private static final Logger log = LoggerFactory.getLogger(OaFileIntake.class);

    private final RawInputStore raw;
    private final DecisionIntake intake;
    private final QuarantineStore quarantine;
    private final TransactionTemplate transaction;
    private final SourceMonitor monitor;
    private final OaProperties properties;

    public OaFileIntake(RawInputStore raw, DecisionIntake intake, QuarantineStore quarantine,
            TransactionTemplate transaction, SourceMonitor monitor, OaProperties properties) {
        this.raw = raw;
        this.intake = intake;
        this.quarantine = quarantine;
        this.transaction = transaction;
        this.monitor = monitor;
        this.properties = properties;
        monitor.register(SOURCE, properties.enabled() ? null : "linkage.sources.oa.enabled is false");
    }

    /**
     * Takes the file of one exchange from the inbox or the SFTP folder. A local file is read only if it is a regular
     * file directly inside the inbox ({@link ExchangeFolder}); an SFTP entry only if the server lists it as a regular
     * file. A refused file, a file whose name the hub will not use ({@link StrictInput#fileNameProblem}) and a file
     * the intake cannot take in at all are kept (raw, as far as read) and quarantined once: they go to {@code .failed/}
     * under a safe name, never to be polled again.
     */
    public Outcome take(Exchange exchange) throws IOException {
        Message in = exchange.getIn();
        String name = in.getHeader(FileConstants.FILE_NAME_ONLY, String.class);
        String path = in.getHeader(FileConstants.FILE_PATH, String.class);
        String host = in.getHeader(FtpConstants.FILE_HOST, String.class);
        Long lastModified = in.getHeader(FileConstants.FILE_LAST_MODIFIED, Long.class);
        long limit = properties.maxFileSize().toBytes();
        Object file = in.getBody() instanceof GenericFile<?> generic ? generic.getFile() : null;
        byte[] bytes;
        Reason refused;
        if (host == null && file instanceof File local) {
            ExchangeFolder.Read read = ExchangeFolder.read(properties.inbox(), local.toPath(), limit);
            bytes = read.bytes();
            refused = read.refused();
        } else {
            refused = file instanceof SftpRemoteFile<?> remote ? remoteProblem(remote).orElse(null) : null;
            try (InputStream body = in.getBody(InputStream.class)) {
                bytes = refused != null || body == null ? new byte[0]
                        : body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            }
        }
        boolean oversized = bytes.length > limit;
        if (oversized) {
            bytes = Arrays.copyOf(bytes, (int) limit);
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("path", path);
        if (host != null) {
            meta.put("host", host);
        }
        meta.put("size", oversized ? "more than " + limit : Integer.toString(bytes.length));
        RawInput input = raw.store(SOURCE, host == null ? "file" : "sftp", name, meta, bytes, oversized);

        List<Reason> before = new ArrayList<>();
        if (refused != null) {
            before.add(refused);
        }
        StrictInput.fileNameProblem(name).ifPresent(before::add);
        if (oversized) {
            before.add(Reason.of("(file)", null, "oversized",
                    "the file is larger than " + limit + " bytes (linkage.sources.oa.max-file-size); its first bytes are kept"));
        }
        if (!before.isEmpty()) {
            Outcome outcome = refuse(input, name, before);
            if (host == null && file instanceof File local) {
                movedAside(local.toPath(), outcome);
            }
            return outcome;
        }
        IntakeOutcome outcome;
        try {
            outcome = intake.process(input);
        } catch (DataAccessException | TransactionException e) {
            // the database, not the file: the file stays for the next poll
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // a file the intake cannot take in at all must not be retried on every poll for ever
            log.error("OA file {} (raw input {}) could not be taken in; quarantined as unreadable",
                    StrictInput.shown(name), input.id(), e);
            return refuse(input, name, List.of(Reason.of("(file)", null, "unreadable",
                    "the hub could not take this file in; it is kept for a replay after a fix")));
        }
        return switch (outcome.status()) {
            case ACCEPTED, DUPLICATE, SKIPPED -> {
                monitor.success(SOURCE, 1, lastModified == null ? null : Instant.ofEpochMilli(lastModified));
                log.info("OA file {} (raw input {}) {}", name, input.id(), outcome.status());
                yield new Outcome(".done/" + input.id() + "-" + StrictInput.safeFileName(name), null);
            }
            case QUARANTINED, MALFORMED -> failed(input, name, outcome.reasons());
        };
    }

    /**
     * Keeps and reports the inbox's {@code *.xml} entries that Camel's file consumer passes over (a backslash in the
     * name, see {@link OaFolderSweep}): each is read as {@link #take} would read it, kept raw, quarantined with its
     * reasons and moved to {@code .failed/} under a safe name beside its reason file.
     */
    public void sweep() {
        if (!properties.enabled() || !Files.isDirectory(properties.inbox())) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(properties.inbox(),
                p -> p.getFileName().toString().indexOf('\\') >= 0 && XML.matcher(p.getFileName().toString()).matches())) {
            for (Path entry : entries) {
                takeStray(entry);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("OA inbox sweep failed; the next poll tries again: {}", e.toString());
        }
    }

    private void takeStray(Path entry) throws IOException {
        String name = entry.getFileName().toString();
        long limit = properties.maxFileSize().toBytes();
        ExchangeFolder.Read read = ExchangeFolder.read(properties.inbox(), entry, limit);
        byte[] bytes = read.bytes().length > limit ? Arrays.copyOf(read.bytes(), (int) limit) : read.bytes();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("path", entry.toString());
        meta.put("size", read.bytes().length > limit ? "more than " + limit : Integer.toString(bytes.length));
        RawInput input = raw.store(SOURCE, "file", name, meta, bytes, read.bytes().length > limit);
        List<Reason> reasons = new ArrayList<>();
        if (read.refused() != null) {
            reasons.add(read.refused());
        }
        StrictInput.fileNameProblem(name).ifPresent(reasons::add);
        Outcome outcome = refuse(input, name, reasons);
        Path to = properties.inbox().resolve(outcome.moveTo());
        Files.createDirectories(to.getParent());
        Files.move(entry, to, LinkOption.NOFOLLOW_LINKS);
        Files.writeString(Path.of(to + ".reason.txt"), outcome.reason(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE_NEW);
    }

    private Outcome refuse(RawInput input, String name, List<Reason> reasons) {
        transaction.executeWithoutResult(tx -> {
            quarantine.quarantine(input.id(), SOURCE, name, reasons);
            raw.markOutcome(input.id(), "REJECTED", null);
        });
        return failed(input, name, reasons);
    }

    /**
     * Camel moves a file only if it exists, following links: a link to nothing would stay and be taken again on
     * every poll. The hub moves such a link itself (the link, not a target), where Camel would have.
     */
    private void movedAside(Path entry, Outcome outcome) throws IOException {
        if (Files.exists(entry, LinkOption.NOFOLLOW_LINKS) && !Files.exists(entry)) {
            Path to = entry.resolveSibling(outcome.moveTo());
            Files.createDirectories(to.getParent());
            Files.move(entry, to, LinkOption.NOFOLLOW_LINKS);
        }
    }

    /** An SFTP entry that the server lists as a link, a device or anything but a regular file. */
    private static Optional<Reason> remoteProblem(SftpRemoteFile<?> remote) {
        if (remote.getRemoteFile() instanceof ChannelSftp.LsEntry entry && entry.getAttrs() != null
                && !entry.getAttrs().isReg()) {
            return Optional.of(Reason.of("(file)", null, entry.getAttrs().isLink() ? "symbolic-link" : "not-a-regular-file",
                    "the server lists this entry as " + (entry.getAttrs().isLink() ? "a symbolic link" : "no regular file")
                            + "; nothing was read"));
        }
        return Optional.empty();
    }

    private Outcome failed(RawInput input, String name, List<Reason> reasons) {
        // the exchange folder works; the document is bad: that is the quarantine's business, not a source outage
        monitor.success(SOURCE, 1, null);
        log.info("OA file {} (raw input {}) failed: {}", StrictInput.shown(name), input.id(),
                reasons.stream().map(Reason::rule).toList());
        StringBuilder text = new StringBuilder("OA file ").append(StrictInput.shown(name)).append(", raw input ")
                .append(input.id())
                .append(", quarantined; replay it from /api/v1/quarantine after a fix.\n");
        for (Reason r : reasons) {
            text.append("- ").append(r.rule()).append(' ').append(r.field());
            if (r.value() != null) {
                // reasons show hostile values escaped already; a line end must not start a line of its own
                text.append(" = '").append(r.value().replace('\n', ' ').replace('\r', ' ')).append('\'');
            }
            text.append(": ").append(r.message().replace('\n', ' ')).append('\n');
        }
        // the name as the hub will use it: a name with a separator or a newline never becomes a path
        return new Outcome(".failed/" + input.id() + "-" + StrictInput.safeFileName(name), text.toString());
    }

    /**
     * Where the file goes, relative to the folder it was taken from.
     *
     * @param moveTo e.g. {@code .done/42-NAME.xml}; the raw input id keeps a name sent twice from replacing the first
     * @param reason the text of {@code <moveTo>.reason.txt}, or null when the file is done
     */
    public record Outcome(String moveTo, String reason) {
    }
}
