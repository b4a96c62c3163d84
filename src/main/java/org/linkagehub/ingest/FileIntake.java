package org.linkagehub.ingest;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.jcraft.jsch.ChannelSftp;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.file.FileConstants;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.remote.FtpConstants;
import org.apache.camel.component.file.remote.SftpRemoteFile;
import org.linkagehub.canonical.Reason;
import org.linkagehub.canonical.StrictInput;
import org.linkagehub.quarantine.QuarantineStore;
import org.linkagehub.raw.RawInput;
import org.linkagehub.raw.RawInputStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

/**
 * The intake step of a file-drop source's routes, for any platform that drops whole files into an exchange folder
 * (local or SFTP): the route names the source in the exchange property {@value #SOURCE}, which is also the name of
 * the mapping that reads the file ({@code mappings/sources/<source>.yaml}) and the prefix of its settings
 * {@code linkage.sources.<source>.*} ({@code inbox}, {@code enabled}, {@code max-file-size}). The file is stored raw
 * first (at most {@code max-file-size}), then runs through {@link DecisionIntake#process}, and the answer says where
 * it goes: {@code .done/} once taken (also when every record was a duplicate), {@code .failed/} beside a reason file
 * when it was refused whole (a cut-off file, bytes the mapping cannot read) or none of its records could be taken.
 * A file taken under the name of one refused whole before supersedes that one's quarantine entry
 * ({@link QuarantineStore#supersede}).
 * Anything thrown before the raw store, and a database failure after it, leaves the file where it is for the next
 * poll. A source is listed in {@code /actuator/health/sources} from start-up when its {@code inbox} is set; nothing
 * here knows any platform.
 */
@Component("fileIntake")
public class FileIntake {

    /** The exchange property naming the source (and its mapping). */
    public static final String SOURCE = "linkageSource";
    /** Who settles a quarantine entry that a file sent again whole supersedes, as the entry's resolvedBy says. */
    static final String BY = "file-intake";
    private static final Logger log = LoggerFactory.getLogger(FileIntake.class);

    private final RawInputStore raw;
    private final DecisionIntake intake;
    private final QuarantineStore quarantine;
    private final TransactionTemplate transaction;
    private final SourceMonitor monitor;
    private final ConfigurableEnvironment environment;

    public FileIntake(RawInputStore raw, DecisionIntake intake, QuarantineStore quarantine,
            TransactionTemplate transaction, SourceMonitor monitor, ConfigurableEnvironment environment) {
        this.raw = raw;
        this.intake = intake;
        this.quarantine = quarantine;
        this.transaction = transaction;
        this.monitor = monitor;
        this.environment = environment;
        // while the beans are built, so the source metrics (built after every bean) count these sources too; a
        // platform with a bean of its own (OA) registers itself as well, the same way
        for (String source : SourceRouteSwitches.sources(environment)) {
            Settings settings = settings(source);
            if (settings.inbox() != null && monitor.status(source).isEmpty()) {
                monitor.register(source, settings.enabled() ? null : "linkage.sources." + source + ".enabled is false");
            }
        }
    }

    /** A file-drop source's settings, {@code linkage.sources.<source>.*}. */
    record Settings(@DefaultValue("true") boolean enabled, Path inbox, @DefaultValue("5MB") DataSize maxFileSize) {
    }

    /** Takes the file of one exchange; see the class comment. */
    public Outcome take(Exchange exchange) throws IOException {
        String source = exchange.getProperty(SOURCE, String.class);
        if (source == null || source.isBlank()) {
            throw new IllegalStateException("the route sets no exchange property " + SOURCE + " (the source's name)");
        }
        Settings settings = settings(source);
        Message in = exchange.getIn();
        String name = in.getHeader(FileConstants.FILE_NAME_ONLY, String.class);
        String path = in.getHeader(FileConstants.FILE_PATH, String.class);
        String host = in.getHeader(FtpConstants.FILE_HOST, String.class);
        Long lastModified = in.getHeader(FileConstants.FILE_LAST_MODIFIED, Long.class);
        long limit = settings.maxFileSize().toBytes();
        Object file = in.getBody() instanceof GenericFile<?> generic ? generic.getFile() : null;
        byte[] bytes;
        Reason refused;
        if (host == null && file instanceof File local) {
            Path folder = settings.inbox() != null ? settings.inbox() : local.toPath().toAbsolutePath().getParent();
            ExchangeFolder.Read read = ExchangeFolder.read(folder, local.toPath(), limit);
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
        RawInput input = raw.store(source, host == null ? "file" : "sftp", name, meta, bytes, oversized);

        List<Reason> before = new ArrayList<>();
        if (refused != null) {
            before.add(refused);
        }
        StrictInput.fileNameProblem(name).ifPresent(before::add);
        if (oversized) {
            before.add(Reason.of("(file)", null, "oversized", "the file is larger than " + limit
                    + " bytes (linkage.sources." + source + ".max-file-size); its first bytes are kept"));
        }
        if (!before.isEmpty()) {
            return refuse(source, input, name, before);
        }
        IntakeOutcome outcome;
        try {
            outcome = intake.process(input);
        } catch (DataAccessException | TransactionException e) {
            // the database, not the file: the file stays for the next poll
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // a file the intake cannot take in at all must not be retried on every poll for ever
            log.error("File {} of source {} (raw input {}) could not be taken in; quarantined as unreadable",
                    StrictInput.shown(name), source, input.id(), e);
            return refuse(source, input, name, List.of(Reason.of("(file)", null, "unreadable",
                    "the hub could not take this file in; it is kept for a replay after a fix")));
        }
        return switch (outcome.status()) {
            case ACCEPTED, DUPLICATE, SKIPPED -> {
                monitor.success(source, 1, lastModified == null ? null : Instant.ofEpochMilli(lastModified));
                log.info("File {} of source {} (raw input {}) {}", StrictInput.shown(name), source, input.id(),
                        outcome.status());
                // the same name sent again whole: the earlier refusal of the whole file is settled
                List<Long> settled = quarantine.supersede(source, name, input.id(), outcome.status().name(), BY);
                if (!settled.isEmpty()) {
                    log.info("File {} of source {} (raw input {}) supersedes quarantine entries {}",
                            StrictInput.shown(name), source, input.id(), settled);
                }
                yield new Outcome(".done/" + input.id() + "-" + StrictInput.safeFileName(name), null);
            }
            case QUARANTINED, MALFORMED -> failed(source, input, name, outcome.reasons());
        };
    }

    private Settings settings(String source) {
        return Binder.get(environment).bind("linkage.sources." + source, Settings.class)
                .orElseGet(() -> new Settings(true, null, DataSize.ofMegabytes(5)));
    }

    private Outcome refuse(String source, RawInput input, String name, List<Reason> reasons) {
        transaction.executeWithoutResult(tx -> {
            quarantine.quarantine(input.id(), source, name, reasons);
            raw.markOutcome(input.id(), "REJECTED", null);
        });
        return failed(source, input, name, reasons);
    }

    /** An SFTP entry that the server lists as a link, a device or anything but a regular file. */
    private static Optional<Reason> remoteProblem(SftpRemoteFile<?> remote) {
        if (remote.getRemoteFile() instanceof ChannelSftp.LsEntry entry && entry.getAttrs() != null
                && !entry.getAttrs().isReg()) {
            boolean link = entry.getAttrs().isLink();
            return Optional.of(Reason.of("(file)", null, link ? "symbolic-link" : "not-a-regular-file",
                    "the server lists this entry as " + (link ? "a symbolic link" : "no regular file")
                            + "; nothing was read"));
        }
        return Optional.empty();
    }

    private Outcome failed(String source, RawInput input, String name, List<Reason> reasons) {
        // the exchange folder works; the file is bad: that is the quarantine's business, not a source outage
        monitor.success(source, 1, null);
        log.info("File {} of source {} (raw input {}) failed: {}", StrictInput.shown(name), source, input.id(),
                reasons.stream().map(Reason::rule).toList());
        StringBuilder text = new StringBuilder("File ").append(StrictInput.shown(name)).append(" of source ")
                .append(source).append(", raw input ").append(input.id())
                .append(", quarantined; replay it from /api/v1/quarantine after a fix, or send it again whole.\n");
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
     * @param moveTo e.g. {@code .done/42-NAME.csv}; the raw input id keeps a name sent twice from replacing the first
     * @param reason the text of {@code <moveTo>.reason.txt}, or null when the file is done
     */
    public record Outcome(String moveTo, String reason) {
    }
}
