package org.linkagehub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What start-up does about a {@code postmaster.pid} in the data folder, against a real PostgreSQL server: its own
 * server left running is stopped, a server of another folder is never touched (and the message says what to do), a
 * lock file naming a live process that is no PostgreSQL is removed, and one naming a dead process is left to
 * PostgreSQL.
 */
class StalePostmasterIT {

    @TempDir
    Path dir;

    @Test
    void stopsOnlyItsOwnServerAndSaysWhatToDoAboutAnyOther() throws Exception {
        Path ours = dir.resolve("postgres");
        EmbeddedPostgres server = EmbeddedPostgres.builder().setDataDirectory(ours).setCleanDataDirectory(true)
                .setRegisterShutdownHook(false).start();
        try {
            StalePostmaster.LockFile lock = StalePostmaster.LockFile.read(ours).orElseThrow();
            assertThat(lock.port()).isEqualTo(server.getPort());
            ProcessHandle postmaster = ProcessHandle.of(lock.pid()).orElseThrow();

            // the same server seen from another folder's lock file: not that folder's server
            Path other = Files.createDirectories(dir.resolve("other"));
            Files.write(other.resolve(StalePostmaster.LOCK_FILE),
                    List.of(Long.toString(lock.pid()), other.toString(), "0", Integer.toString(lock.port())));
            assertThatThrownBy(() -> StalePostmaster.recover(other, Duration.ofSeconds(30)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not this hub's")
                    .hasMessageContaining("delete " + other.resolve(StalePostmaster.LOCK_FILE));
            assertThat(postmaster.isAlive()).as("a server that is not ours is never touched").isTrue();

            // a live process that is no PostgreSQL (a pid reused after a reboot): the file is stale
            Path reused = Files.createDirectories(dir.resolve("reused"));
            Files.write(reused.resolve(StalePostmaster.LOCK_FILE),
                    List.of(Long.toString(ProcessHandle.current().pid()), reused.toString(), "0", "5432"));
            StalePostmaster.recover(reused, Duration.ofSeconds(30));
            assertThat(reused.resolve(StalePostmaster.LOCK_FILE)).doesNotExist();

            // a process that is gone: PostgreSQL replaces such a file itself
            Process gone = new ProcessBuilder("true").start();
            gone.waitFor();
            Path dead = Files.createDirectories(dir.resolve("dead"));
            Files.write(dead.resolve(StalePostmaster.LOCK_FILE),
                    List.of(Long.toString(gone.pid()), dead.toString(), "0", "5432"));
            StalePostmaster.recover(dead, Duration.ofSeconds(30));
            assertThat(dead.resolve(StalePostmaster.LOCK_FILE)).exists();

            // our own folder's server, as a killed hub leaves it: stopped cleanly, the folder free to start on
            assertThat(StalePostmaster.judge(postmaster, ours, lock)).isEqualTo(StalePostmaster.Verdict.OURS);
            StalePostmaster.recover(ours, Duration.ofSeconds(60));
            assertThat(postmaster.isAlive()).isFalse();
            assertThat(ours.resolve(StalePostmaster.LOCK_FILE)).as("removed by the server's clean shutdown")
                    .doesNotExist();
        } finally {
            try {
                server.close();
            } catch (RuntimeException alreadyStopped) {
                // the test stopped it
            }
        }
        // and the folder starts again, with what it held
        try (EmbeddedPostgres again = EmbeddedPostgres.builder().setDataDirectory(ours).setCleanDataDirectory(false)
                .setRegisterShutdownHook(false).start()) {
            assertThat(again.getPostgresDatabase().getConnection().isValid(5)).isTrue();
        }
    }
}
