package org.linkagehub.retention;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.linkagehub.platform.ArchiveRow;
import org.linkagehub.platform.Json;

/**
 * One run's folder under the archive directory: its files ({@code <kind>-<nnnn>.jsonl.gz}, one row of JSON a line),
 * {@code manifest.json} listing each file's rows, first and last id, earliest and latest time and sha256, and
 * {@code SHA256SUMS} in {@code sha256sum -c}'s format. A file is written as {@code .part}, fsynced, renamed and the
 * folder fsynced; the manifest the same way after each file, so what the manifest lists is on disk.
 */
final class ArchiveFolder {

    private final Path dir;
    private final String run;
    private final Json json;
    private final Map<String, Object> header = new LinkedHashMap<>();
    private final List<Entry> files = new ArrayList<>();

    /** One archive file as the manifest lists it; times are the earliest and latest of its rows. */
    record Entry(String name, String kind, String table, long rows, long firstId, long lastId, Instant earliestAt,
            Instant latestAt, long bytes, String sha256) {
    }

    ArchiveFolder(Path dir, Json json, Map<RecordKind, Instant> cutoffs, Instant startedAt) {
        this.dir = dir;
        this.run = dir.getFileName().toString();
        this.json = json;
        header.put("run", run);
        header.put("startedAt", startedAt.toString());
        Map<String, String> before = new LinkedHashMap<>();
        cutoffs.forEach((kind, cutoff) -> before.put(kind.label(), cutoff.toString()));
        header.put("cutoffs", before);
        header.put("format", "gzip'd JSON lines, one row of the table a line as PostgreSQL's row_to_json writes it");
    }

    String run() {
        return run;
    }

    Path dir() {
        return dir;
    }

    List<Entry> files() {
        return List.copyOf(files);
    }

    /** Starts the next file of {@code kind}; the folder is created with the run's first file. */
    Writing start(RecordKind kind) {
        try {
            Files.createDirectories(dir);
            long n = files.stream().filter(f -> f.kind().equals(kind.label())).count() + 1;
            return new Writing(kind, "%s-%04d.jsonl.gz".formatted(kind.label(), n));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the archive folder " + dir, e);
        }
    }

    /** Rewrites the manifest and the sums with every file finished so far, each durably in place. */
    private void writeManifest(Instant finishedAt) throws IOException {
        Map<String, Object> manifest = new LinkedHashMap<>(header);
        if (finishedAt != null) {
            manifest.put("finishedAt", finishedAt.toString());
        }
        List<Map<String, Object>> listed = new ArrayList<>();
        StringBuilder sums = new StringBuilder();
        for (Entry f : files) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", f.name());
            item.put("kind", f.kind());
            item.put("table", f.table());
            item.put("rows", f.rows());
            item.put("firstId", f.firstId());
            item.put("lastId", f.lastId());
            item.put("earliestAt", f.earliestAt().toString());
            item.put("latestAt", f.latestAt().toString());
            item.put("bytes", f.bytes());
            item.put("sha256", f.sha256());
            listed.add(item);
            sums.append(f.sha256()).append("  ").append(f.name()).append('\n');
        }
        manifest.put("files", listed);
        replace("manifest.json", (json.write(manifest) + "\n").getBytes(StandardCharsets.UTF_8));
        replace("SHA256SUMS", sums.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Marks the run finished in the manifest. */
    void finish(Instant finishedAt) {
        try {
            writeManifest(finishedAt);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the manifest of archive run " + run, e);
        }
    }

    private void replace(String name, byte[] content) throws IOException {
        Path part = dir.resolve(name + ".part");
        try (FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(content);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        Files.move(part, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDir();
    }

    /** A rename is durable once its folder is: fsync the folder (POSIX; other systems cannot open one). */
    private void syncDir() throws IOException {
        try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e;
            }
        }
    }

    /** One archive file being written: rows in, then {@link #finish()} makes it durable and lists it. */
    final class Writing implements AutoCloseable {

        private final RecordKind kind;
        private final String name;
        private final Path part;
        private final FileChannel channel;
        private final MessageDigest sha256;
        private final GZIPOutputStream gzip;
        private final Writer out;
        private long rows;
        private long firstId;
        private long lastId;
        private Instant earliest;
        private Instant latest;
        private boolean finished;

        private Writing(RecordKind kind, String name) throws IOException {
            this.kind = kind;
            this.name = name;
            this.part = dir.resolve(name + ".part");
            this.channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                this.sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
            OutputStream file = new DigestOutputStream(Channels.newOutputStream(channel), sha256);
            this.gzip = new GZIPOutputStream(file, 1 << 16);
            this.out = new BufferedWriter(new OutputStreamWriter(gzip, StandardCharsets.UTF_8), 1 << 16);
        }

        long rows() {
            return rows;
        }

        void add(ArchiveRow row) {
            try {
                out.write(row.json());
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write archive file " + part, e);
            }
            if (rows++ == 0) {
                firstId = row.id();
                earliest = row.at();
                latest = row.at();
            }
            lastId = row.id();
            earliest = row.at().isBefore(earliest) ? row.at() : earliest;
            latest = row.at().isAfter(latest) ? row.at() : latest;
        }

        /** Closes the gzip stream, fsyncs the file, renames it into place and lists it in the manifest. */
        Entry finish() {
            try {
                out.flush();
                gzip.finish(); // the last deflated block and the trailer, into the channel, which stays open
                channel.force(true);
                out.close(); // frees the deflater; the gzip stream is finished, nothing more is written
                finished = true;
                Path target = dir.resolve(name);
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
                syncDir();
                Entry entry = new Entry(name, kind.label(), kind.table(), rows, firstId, lastId, earliest, latest,
                        Files.size(target), HexFormat.of().formatHex(sha256.digest()));
                files.add(entry);
                writeManifest(null);
                return entry;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot finish archive file " + part, e);
            }
        }

        @Override
        public void close() {
            if (!finished) {
                try {
                    out.close();
                } catch (IOException e) {
                    // nothing more to do: the .part file stays behind, unlisted, and none of its rows was deleted
                }
            }
        }
    }
}
