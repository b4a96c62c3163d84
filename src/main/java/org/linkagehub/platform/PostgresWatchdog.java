package org.linkagehub.platform;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small process beside the JVM that stops the embedded PostgreSQL when the JVM dies without stopping it (SIGKILL,
 * an out-of-memory kill, a crash): {@code pg_ctl} detaches the server, so otherwise it would outlive the hub
 * unnoticed and hold the data folder. The watchdog is a POSIX shell blocked on reading a pipe from the JVM; the
 * kernel closes the pipe whatever way the JVM ends, so it needs no polling and no timer. On an orderly stop the hub
 * first tells it to stand down, then stops the server itself. It ignores the terminal's Ctrl-C and SIGTERM, which
 * the hub answers by stopping in order, and ends as soon as the server is down: it outlives the JVM only that long.
 * Its few lines go to {@code <data-dir>/postgres-watchdog.log}.
 */
final class PostgresWatchdog implements AutoCloseable {

    static final String STAND_DOWN = "stand-down";
    private static final Logger log = LoggerFactory.getLogger(PostgresWatchdog.class);
    // $1 the server's pid, $2 its data folder. The read returns on the stand-down line or at end of file (the JVM has
    // gone). The server is signalled only while its folder's lock file still names it: a new hub that already
    // replaced it keeps its own server.
    private static final String SCRIPT = """
            trap '' INT HUP TERM PIPE
            if read -r word && [ "$word" = %s ]; then exit 0; fi
            if [ "$(head -n 1 "$2/postmaster.pid" 2>/dev/null)" = "$1" ]; then
              echo "$(date -u +%%Y-%%m-%%dT%%H:%%M:%%SZ) the hub's JVM is gone: fast shutdown of PostgreSQL pid $1 on $2"
              kill -INT "$1"
            fi
            """.formatted(STAND_DOWN);

    private final Process process;

    private PostgresWatchdog(Process process) {
        this.process = process;
    }

    /**
     * Starts a watchdog for the server running on {@code dataDir}, or none where there is no POSIX shell or
     * the server's pid cannot be read (said in the log: start-up still recovers a server left behind).
     */
    static Optional<PostgresWatchdog> start(Path dataDir, Path logFile) {
        Optional<Long> server = StalePostmaster.LockFile.read(dataDir).map(StalePostmaster.LockFile::pid);
        Path shell = Path.of("/bin/sh");
        if (server.isEmpty() || !Files.isExecutable(shell)) {
            log.warn("No watchdog for the embedded PostgreSQL ({}): if the hub's JVM is killed, the next start stops "
                    + "the server it left", server.isEmpty() ? "no postmaster.pid" : "no /bin/sh");
            return Optional.empty();
        }
        try {
            Process process = new ProcessBuilder(shell.toString(), "-c", SCRIPT, "linkage-postgres-watchdog",
                    server.get().toString(), dataDir.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            log.info("PostgreSQL watchdog pid {}: stops the server on {} if this JVM dies", process.pid(), dataDir);
            return Optional.of(new PostgresWatchdog(process));
        } catch (IOException e) {
            log.warn("Could not start the PostgreSQL watchdog: {}", e.toString());
            return Optional.empty();
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The hub stops the server itself: the watchdog leaves without touching it. */
    @Override
    public void close() {
        try (OutputStream in = process.getOutputStream()) {
            in.write((STAND_DOWN + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
