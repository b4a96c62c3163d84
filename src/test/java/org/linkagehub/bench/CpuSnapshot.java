package org.linkagehub.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Where the CPU went during a benchmark phase, so a slow run on a busy machine can be told from a slow hub:
 * this JVM (the hub and the benchmark's own HTTP clients and department consumers), the embedded PostgreSQL
 * (the postmaster started on the benchmark's data directory and all its backends), and everything else the
 * machine ran (from {@code /proc/stat}; Linux only, otherwise shown as n/a).
 */
record CpuSnapshot(long jvmNanos, long postgresNanos, long machineBusyNanos, double loadAverage) {

    private static final long TICK_NANOS = 10_000_000L; // USER_HZ = 100 on Linux

    static CpuSnapshot take(Path dataDir) {
        long jvm = cpu(ProcessHandle.current());
        String marker = dataDir.toAbsolutePath().toString();
        long postgres = ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(marker)).orElse(false))
                .flatMap(p -> Stream.concat(Stream.of(p), p.descendants()))
                .distinct()
                .mapToLong(CpuSnapshot::cpu).sum();
        return new CpuSnapshot(jvm, postgres, machineBusy(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /**
     * utime + stime + cutime + cstime from {@code /proc/<pid>/stat}: the children's share holds what PostgreSQL's
     * backends spent once they ended and the postmaster reaped them (a closed connection's CPU would vanish otherwise).
     * Elsewhere, what the JDK reports for the process alone.
     */
    private static long cpu(ProcessHandle p) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            // after the command: state is field 3, utime 14, stime 15, cutime 16, cstime 17 (1-based)
            return (Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]))
                    * TICK_NANOS;
        } catch (IOException | RuntimeException e) {
            return p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        }
    }

    /** user + nice + system + irq + softirq + steal of all CPUs, or -1. */
    private static long machineBusy() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
            String[] f = lines.get(0).trim().split("\\s+");
            long ticks = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                ticks += Long.parseLong(f[i]);
            }
            return ticks * TICK_NANOS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** A one-line summary of the CPU spent between {@code before} and this snapshot. */
    String minus(CpuSnapshot before, int decisions, double wallSeconds) {
        double jvm = (jvmNanos - before.jvmNanos) / 1e9;
        double pg = (postgresNanos - before.postgresNanos) / 1e9;
        String others = "n/a";
        if (machineBusyNanos >= 0 && before.machineBusyNanos >= 0) {
            double busy = (machineBusyNanos - before.machineBusyNanos) / 1e9;
            others = String.format(Locale.ROOT, "%.1f s", Math.max(0, busy - jvm - pg));
        }
        int cpus = Runtime.getRuntime().availableProcessors();
        return String.format(Locale.ROOT, "CPU during the phase (%.1f s × %d CPUs = %.1f CPU-s): hub JVM incl. "
                + "bench clients/consumers %.1f s (%.2f ms/decision), PostgreSQL %.1f s (%.2f ms/decision), "
                + "other processes on the machine %s; load average %.1f → %.1f", wallSeconds, cpus,
                wallSeconds * cpus, jvm, jvm * 1000 / decisions, pg, pg * 1000 / decisions, others,
                before.loadAverage, loadAverage);
    }
}
