package org.linkagehub.ingest;

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
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.InvalidPayloadException;
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
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

/**
 * The two file steps of a file-drop source's routes ({@code routes/file-drop.yaml}), for any platform that drops whole
 * files into an exchange folder (local or SFTP): {@link #store} keeps the file raw (at most {@code max-file-size})
 * for the intake ({@code to: direct:intake}), and {@link #settle} says where it goes by the intake's answer:
 * {@code .done/} once taken (also when every record was a duplicate), {@code .failed/} beside a reason file when it
 * was refused whole (a cut-off file, bytes the mapping cannot read) or none of its records could be taken. The route
 * names the source in the exchange property {@value #SOURCE}, which is also the name of the mapping that reads the
 * file ({@code mappings/sources/<source>.yaml}) and the prefix of its settings {@code linkage.sources.<source>.*}
 * ({@code inbox}, {@code enabled}, {@code max-file-size}). Anything thrown before the raw store, and a database
 * failure after it, leaves the file where it is for the next poll (routes/error-handling.yaml). A source is listed in
 * {@code /actuator/health/sources} from start-up when its {@code inbox} is set; nothing here knows any platform.
 * A file taken under the name of one refused whole before supersedes that one's quarantine entry
 * ({@link QuarantineStore#supersede}).
 */
@Component("fileIntake")
public class FileIntake {

    /** The exchange property naming the source (and its mapping). */
    public static final String SOURCE = SourceFaults.SOURCE;
    /** The exchange property holding the {@link Outcome} of a file refused before the intake. */
    public static final String REFUSED = "linkageFileRefused";
    /** Who settles a quarantine entry that a file sent again whole supersedes, as the entry's resolvedBy says. */
    static final String BY = "file-intake";
    private static final Logger log = LoggerFactory.getLogger(FileIntake.class);

    private final RawInputStore raw;
    private final QuarantineStore quarantine;
    private final TransactionTemplate transaction;
    private final SourceMonitor monitor;
    private final ConfigurableEnvironment environment;

    public FileIntake(RawInputStore raw, QuarantineStore quarantine, TransactionTemplate transaction,
            SourceMonitor monitor, ConfigurableEnvironment environment) {
        this.raw = raw;
        this.quarantine = quarantine;
        this.transaction = transaction;
        this.monitor = monitor;
        this.environment = environment;
        // while the beans are built, so the source metrics (built after every bean) count these sources too
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

    /**
     * Reads the file of one exchange and stores it raw, the body becoming the {@link RawInput} for the intake
     * ({@code to: direct:intake}). A local file is read only if it is a regular file directly inside the inbox
     * ({@link ExchangeFolder}); an SFTP entry only if the server lists it as a regular file. A refused file, a file
     * whose name the hub will not use ({@link StrictInput#fileNameProblem}) or one larger than
     * {@code max-file-size} is kept (raw, as far as read) and quarantined here: its outcome is set in the exchange
     * property {@value #REFUSED}, and the route does not hand it to the intake.
     */
    public RawInput store(Exchange exchange) throws IOException {
        String source = source(exchange);
        Settings settings = settings(source);
        Message in = exchange.getIn();
        String name = in.getHeader(FileConstants.FILE_NAME_ONLY, String.class);
        String path = in.getHeader(FileConstants.FILE_PATH, String.class);
        String host = in.getHeader(FtpConstants.FILE_HOST, String.class);
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
        exchange.setProperty(SourceFaults.RAW_INPUT, input);

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
            Outcome outcome = refuse(source, input, name, before);
            if (host == null && file instanceof File local) {
                movedAside(local.toPath(), outcome);
            }
            exchange.setProperty(REFUSED, outcome);
            exchange.removeProperty(SourceFaults.RAW_INPUT);
        }
        return input;
    }

    /**
     * Where the file goes once the intake answered (the body, an {@link IntakeOutcome}), or once {@link #store}
     * refused it: {@code .done/} when taken (also when every record was a duplicate), else {@code .failed/} beside
     * a reason file.
     */
    public Outcome settle(Exchange exchange) throws InvalidPayloadException {
        exchange.removeProperty(SourceFaults.RAW_INPUT);
        Outcome refused = exchange.getProperty(REFUSED, Outcome.class);
        if (refused != null) {
            return refused;
        }
        String source = source(exchange);
        IntakeOutcome outcome = exchange.getIn().getMandatoryBody(IntakeOutcome.class);
        // the intake strips the consumer's Camel* headers; the file itself still knows its name and time
        GenericFile<?> file = exchange.getProperty(ExchangePropertyKey.FILE_EXCHANGE_FILE, GenericFile.class);
        String name = file != null ? file.getFileNameOnly()
                : exchange.getIn().getHeader(FileConstants.FILE_NAME_ONLY, String.class);
        Instant lastModified = file == null || file.getLastModified() <= 0 ? null
                : Instant.ofEpochMilli(file.getLastModified());
        return switch (outcome.status()) {
            case ACCEPTED, DUPLICATE, SKIPPED -> {
                monitor.success(source, 1, lastModified);
                log.info("File {} of source {} (raw input {}) {}", StrictInput.shown(name), source,
                        outcome.rawInputId(), outcome.status());
                // the same name sent again whole: the earlier refusal of the whole file is settled
                List<Long> settled = quarantine.supersede(source, name, outcome.rawInputId(), outcome.status().name(),
                        BY);
                if (!settled.isEmpty()) {
                    log.info("File {} of source {} (raw input {}) supersedes quarantine entries {}",
                            StrictInput.shown(name), source, outcome.rawInputId(), settled);
                }
                yield new Outcome(".done/" + outcome.rawInputId() + "-" + StrictInput.safeFileName(name), null);
            }
            case QUARANTINED, MALFORMED -> failed(source, outcome.rawInputId(), name, outcome.reasons());
        };
    }

    /**
     * Keeps and reports the entries of a source's inbox that Camel's file consumer passes over without a word (a
     * backslash in the name reads as a folder separator to it, so such a file would never be read): each entry
     * whose name matches {@code include} is read as {@link #store} would read it, kept raw, quarantined with its
     * reasons and moved to {@code .failed/} under a safe name beside its reason file. Called before each poll by
     * {@link FolderSweep}.
     */
    public void sweep(String source, Pattern include) {
        Settings settings = settings(source);
        Path inbox = settings.inbox();
        if (!settings.enabled() || inbox == null || !Files.isDirectory(inbox)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(inbox, p -> p.getFileName().toString()
                .indexOf('\\') >= 0 && include.matcher(p.getFileName().toString()).matches())) {
            for (Path entry : entries) {
                takeStray(source, settings, entry);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Inbox sweep of source {} failed; the next poll tries again: {}", source, e.toString());
        }
    }

    private void takeStray(String source, Settings settings, Path entry) throws IOException {
        String name = entry.getFileName().toString();
        long limit = settings.maxFileSize().toBytes();
        ExchangeFolder.Read read = ExchangeFolder.read(settings.inbox(), entry, limit);
        byte[] bytes = read.bytes().length > limit ? Arrays.copyOf(read.bytes(), (int) limit) : read.bytes();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("path", entry.toString());
        meta.put("size", read.bytes().length > limit ? "more than " + limit : Integer.toString(bytes.length));
        RawInput input = raw.store(source, "file", name, meta, bytes, read.bytes().length > limit);
        List<Reason> reasons = new ArrayList<>();
        if (read.refused() != null) {
            reasons.add(read.refused());
        }
        StrictInput.fileNameProblem(name).ifPresent(reasons::add);
        Outcome outcome = refuse(source, input, name, reasons);
        Path to = settings.inbox().resolve(outcome.moveTo());
        Files.createDirectories(to.getParent());
        Files.move(entry, to, LinkOption.NOFOLLOW_LINKS);
        Files.writeString(Path.of(to + ".reason.txt"), outcome.reason(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE_NEW);
    }

    /**
     * Camel moves a file only if it exists, following links: a link to nothing would stay and be taken again on
     * every poll. The hub moves such a link itself (the link, not a target), where Camel would have.
     */
    private static void movedAside(Path entry, Outcome outcome) throws IOException {
        if (Files.exists(entry, LinkOption.NOFOLLOW_LINKS) && !Files.exists(entry)) {
            Path to = entry.resolveSibling(outcome.moveTo());
            Files.createDirectories(to.getParent());
            Files.move(entry, to, LinkOption.NOFOLLOW_LINKS);
        }
    }

    private static String source(Exchange exchange) {
        String source = exchange.getProperty(SOURCE, String.class);
        if (source == null || source.isBlank()) {
            throw new IllegalStateException("the route sets no exchange property " + SOURCE + " (the source's name)");
        }
        return source;
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
        return failed(source, input.id(), name, reasons);
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

    private Outcome failed(String source, long rawInputId, String name, List<Reason> reasons) {
        // the exchange folder works; the file is bad: that is the quarantine's business, not a source outage
        monitor.success(source, 1, null);
        log.info("File {} of source {} (raw input {}) failed: {}", StrictInput.shown(name), source, rawInputId,
                reasons.stream().map(Reason::rule).toList());
        StringBuilder text = new StringBuilder("File ").append(StrictInput.shown(name)).append(" of source ")
                .append(source).append(", raw input ").append(rawInputId)
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
        return new Outcome(".failed/" + rawInputId + "-" + StrictInput.safeFileName(name), text.toString());
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
