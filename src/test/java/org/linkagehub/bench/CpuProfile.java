package org.linkagehub.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the hub's CPU goes during one phase of a benchmark, from the JDK's own Flight Recorder (its {@code profile}
 * settings: execution samples every 10 ms of the running Java threads): the share of samples per thread (pool names
 * with their numbers folded), the hub's own methods by inclusive share (a method counts once per sample it is on
 * the stack of), and the methods on top of the stack by self share. Kept under {@code target/bench/} as
 * {@code NAME-cpu.txt}, the recording itself as {@code NAME.jfr} for a closer look ({@code jfr print}, JDK Mission
 * Control). Samples are of Java threads only; PostgreSQL's CPU is in the SQL profile.
 */
final class CpuProfile implements AutoCloseable {

    private static final int TOP = 30;
    private static final Pattern NUMBERS = Pattern.compile("\\d+");

    private final Recording recording;

    private CpuProfile(Recording recording) {
        this.recording = recording;
    }

    /** Starts a recording with the JDK's {@code profile} settings. */
    static CpuProfile start() throws IOException {
        try {
            Recording recording = new Recording(Configuration.getConfiguration("profile"));
            recording.setToDisk(true);
            recording.start();
            return new CpuProfile(recording);
        } catch (java.text.ParseException e) {
            throw new IOException("the JDK's profile settings do not parse", e);
        }
    }

    /** Stops the recording and writes its summary for {@code units} finished units of work (decisions). */
    void write(String name, long units) throws IOException {
        recording.stop();
        Path dir = Path.of("target", "bench");
        Files.createDirectories(dir);
        Path jfr = dir.resolve(name + ".jfr");
        recording.dump(jfr);
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> self = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(jfr)) {
            if (!"jdk.ExecutionSample".equals(event.getEventType().getName())) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            String thread = event.getThread("sampledThread") == null ? "?"
                    : NUMBERS.matcher(String.valueOf(event.getThread("sampledThread").getJavaName())).replaceAll("N");
            threads.merge(thread, 1, Integer::sum);
            List<RecordedFrame> frames = stack.getFrames();
            self.merge(method(frames.get(0)), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                String m = method(frame);
                if (m.startsWith("org.linkagehub.") && !m.startsWith("org.linkagehub.bench.") && seen.add(m)) {
                    inclusive.merge(m, 1, Integer::sum);
                }
            }
        }
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "CPU profile of phase %s (Flight Recorder, "
                + "%,d execution samples of Java threads, %,d units finished); the recording: %s%n", name, samples,
                units, jfr));
        table(out, "thread (numbers folded)", threads, samples);
        table(out, "hub method, inclusive (on the stack)", inclusive, samples);
        table(out, "method on top of the stack (self)", self, samples);
        Files.writeString(dir.resolve(name + "-cpu.txt"), out, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        recording.close();
    }

    private static String method(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static void table(StringBuilder out, String what, Map<String, Integer> counts, int samples) {
        out.append("\n| % of samples | ").append(what).append(" |\n|---:|---|\n");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(TOP)
                .forEach(e -> out.append(String.format(Locale.ROOT, "| %.1f | %s |%n",
                        100.0 * e.getValue() / Math.max(1, samples), e.getKey())));
    }
}
