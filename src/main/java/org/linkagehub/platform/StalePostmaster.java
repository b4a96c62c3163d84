package org.linkagehub.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a hub killed with SIGKILL (or by a power cut) leaves in the embedded PostgreSQL's data folder: the
 * {@code postmaster.pid} of a server that may still be running, because {@code pg_ctl} detaches the server from the
 * JVM that started it. PostgreSQL then refuses to start on the folder ("lock file postmaster.pid already exists") and
 * the hub with it, until someone finds and stops that process by hand. Before the embedded server starts, this looks
 * at the lock file:
 * <ul>
 * <li>no file, or its process is gone: nothing to do (PostgreSQL replaces a stale file itself);</li>
 * <li>its process is a PostgreSQL server of this very folder on the port the file records: ours, left over by the
 * last run. It is stopped the way {@code pg_ctl stop -m fast} stops a server (SIGINT: sessions end, a checkpoint
 * is written) and start-up goes on;</li>
 * <li>its process is a PostgreSQL server of another folder or port: not ours, never touched. Start-up fails with a
 * message that says what to do;</li>
 * <li>its process is no PostgreSQL at all (the pid was reused after a reboot): no server holds the folder, since a
 * server always writes its own pid there. The stale file is removed, as PostgreSQL would if that pid were free.</li>
 * </ul>
 */
final class StalePostmaster {

    static final String LOCK_FILE = "postmaster.pid";
    private static final Logger log = LoggerFactory.getLogger(StalePostmaster.class);

    private StalePostmaster() {
    }

    /** The first lines of {@code postmaster.pid}: pid, data folder, start time, port (PostgreSQL's own layout). */
    record LockFile(long pid, Path dataDir, int port) {

        static Optional<LockFile> read(Path dataDir) {
            Path file = dataDir.resolve(LOCK_FILE);
            try {
                List<String> lines = Files.readAllLines(file);
                if (lines.size() < 4) {
                    return Optional.empty();
                }
                return Optional.of(new LockFile(Long.parseLong(lines.get(0).trim()), Path.of(lines.get(1).trim()),
                        Integer.parseInt(lines.get(3).trim())));
            } catch (IOException | NumberFormatException e) {
                // absent, or half written by a server that died starting: PostgreSQL decides about such a file itself
                return Optional.empty();
            }
        }
    }

    /** What the process a lock file names turns out to be. */
    enum Verdict {
        NONE, OURS, NOT_OURS, NOT_A_SERVER, UNKNOWN
    }

    /**
     * Makes the folder startable if a server of ours still holds it; fails, saying what to do, if one that is not
     * ours does.
     */
    static void recover(Path dataDir, Duration timeout) {
        Optional<LockFile> lock = LockFile.read(dataDir);
        if (lock.isEmpty()) {
            return;
        }
        LockFile file = lock.get();
        Optional<ProcessHandle> process = ProcessHandle.of(file.pid()).filter(ProcessHandle::isAlive);
        Verdict verdict = process.map(p -> judge(p, dataDir, file)).orElse(Verdict.NONE);
        switch (verdict) {
            case NONE -> log.info("{} in {} names pid {}, which is gone: PostgreSQL replaces the stale file", LOCK_FILE,
                    dataDir, file.pid());
            case OURS -> stop(process.get(), dataDir, file, timeout);
            case NOT_A_SERVER -> removeStale(dataDir, file, process.get());
            case NOT_OURS -> throw new IllegalStateException(notOurs(dataDir, file, describe(process.get())));
            case UNKNOWN -> throw new IllegalStateException(unknown(dataDir, file));
        }
    }

    static Verdict judge(ProcessHandle process, Path dataDir, LockFile file) {
        ProcessHandle.Info info = process.info();
        Optional<String> command = info.command();
        if (command.isEmpty()) {
            return Verdict.UNKNOWN;
        }
        if (!Path.of(command.get()).getFileName().toString().equals("postgres")) {
            return Verdict.NOT_A_SERVER;
        }
        List<String> args = info.arguments().map(Arrays::asList).orElse(List.of());
        Optional<Path> folder = argument(args, "-D").map(Path::of).or(() -> workingDirectory(process));
        Optional<String> port = argument(args, "-p");
        boolean sameFolder = folder.map(f -> samePath(f, dataDir)).orElse(false) && samePath(file.dataDir(), dataDir);
        boolean samePort = port.map(p -> p.equals(Integer.toString(file.port()))).orElse(true);
        return sameFolder && samePort ? Verdict.OURS : Verdict.NOT_OURS;
    }

    private static void stop(ProcessHandle server, Path dataDir, LockFile file, Duration timeout) {
        log.warn("A PostgreSQL server (pid {}, port {}) is still running on this hub's data folder {}, left by a run "
                + "that did not stop cleanly: stopping it (fast shutdown) before start-up", file.pid(), file.port(),
                dataDir);
        if (!signal("INT", server.pid())) {
            // SIGTERM: PostgreSQL's smart shutdown, which ends once the dead hub's sessions have gone (they have)
            server.destroy();
        }
        try {
            server.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new IllegalStateException("The PostgreSQL server left running on " + dataDir + " (pid " + file.pid()
                    + ") did not stop within " + timeout + ". Stop it with `kill -INT " + file.pid()
                    + "` (as `pg_ctl stop -D " + dataDir + " -m fast` would) and start the hub again.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the PostgreSQL server left on " + dataDir, e);
        }
        log.info("The PostgreSQL server left on {} (pid {}) has stopped", dataDir, file.pid());
    }

    /**
     * Sends a signal as {@code pg_ctl stop} does ({@code INT}: fast shutdown — sessions end, a checkpoint is written).
     * Not {@code pg_ctl} itself, which refuses to run as root, where the embedded server does run.
     */
    static boolean signal(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -" + signal + " \"$1\"", "signal",
                    Long.toString(pid)).redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes()).trim();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                return false;
            }
            if (kill.exitValue() != 0) {
                log.warn("kill -{} {}: exit {}: {}", signal, pid, kill.exitValue(), output);
            }
            return kill.exitValue() == 0;
        } catch (IOException e) {
            log.warn("Could not send SIG{} to {}: {}", signal, pid, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void removeStale(Path dataDir, LockFile file, ProcessHandle process) {
        log.warn("{} in {} names pid {}, which is now {} (no PostgreSQL server: the pid was reused, e.g. after a "
                + "reboot): removing the stale lock file", LOCK_FILE, dataDir, file.pid(), describe(process));
        try {
            Files.deleteIfExists(dataDir.resolve(LOCK_FILE));
        } catch (IOException e) {
            throw new IllegalStateException("Could not remove the stale " + dataDir.resolve(LOCK_FILE)
                    + ": remove it by hand and start the hub again", e);
        }
    }

    static String notOurs(Path dataDir, LockFile file, String process) {
        return dataDir.resolve(LOCK_FILE) + " names pid " + file.pid() + " (port " + file.port() + "), which is a "
                + "PostgreSQL server that is not this hub's: " + process + ". The hub does not stop a server it did not "
                + "start. If that server uses another folder, the lock file is stale (the pid was reused, e.g. after a "
                + "reboot): make sure no server runs on " + dataDir + ", delete " + dataDir.resolve(LOCK_FILE)
                + " and start the hub again. If two hubs share this folder, give each its own linkage.data-dir.";
    }

    private static String unknown(Path dataDir, LockFile file) {
        return dataDir.resolve(LOCK_FILE) + " names pid " + file.pid() + ", a live process this hub may not inspect "
                + "(run the hub as the user that runs its PostgreSQL). If `ps -p " + file.pid() + " -o args` shows "
                + "postgres -D " + dataDir + ", stop it with `kill -INT " + file.pid() + "`; if it is "
                + "something else, delete " + dataDir.resolve(LOCK_FILE) + ". Then start the hub again.";
    }

    private static String describe(ProcessHandle process) {
        ProcessHandle.Info info = process.info();
        return "pid " + process.pid() + " " + info.commandLine().or(info::command).orElse("(command unknown)");
    }

    private static Optional<String> argument(List<String> args, String flag) {
        int at = args.indexOf(flag);
        return at >= 0 && at + 1 < args.size() ? Optional.of(args.get(at + 1)) : Optional.empty();
    }

    /** PostgreSQL runs in its data folder. */
    private static Optional<Path> workingDirectory(ProcessHandle process) {
        try {
            return Optional.of(Files.readSymbolicLink(Path.of("/proc", Long.toString(process.pid()), "cwd")));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static boolean samePath(Path a, Path b) {
        return real(a).equals(real(b));
    }

    private static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
