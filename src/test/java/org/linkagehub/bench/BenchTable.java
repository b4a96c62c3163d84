package org.linkagehub.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@link FastPathBench}'s one table: printed as Markdown and kept under {@code target/bench/} as {@code NAME.txt}
 * (the same Markdown) and {@code NAME.csv} (one row a figure, for a spreadsheet or the next run's comparison).
 */
final class BenchTable {

    private static final List<String> COLUMNS = List.of("phase", "figure", "value", "unit", "ratio to (a)",
            "hub JVM CPU ms/unit", "bench clients CPU ms/unit", "PostgreSQL CPU ms/unit", "heap max MB", "phase s",
            "load avg");

    private BenchTable() {
    }

    static void write(String header, List<FastPathBench.Row> rows, String name) throws IOException {
        List<List<String>> cells = new ArrayList<>();
        for (FastPathBench.Row r : rows) {
            List<String> line = new ArrayList<>(List.of(r.phase(), r.figure(), r.value(), r.unit(), r.ratio()));
            FastPathBench.Cost c = r.cost();
            if (c == null) {
                line.addAll(List.of("", "", "", "", "", ""));
            } else {
                line.add(f2(c.hubMs()));
                line.add(f2(c.benchMs()));
                line.add(f2(c.postgresMs()));
                line.add(c.heapMb() > 0 ? String.format(Locale.ROOT, "%.0f", c.heapMb()) : "");
                line.add(String.format(Locale.ROOT, "%.1f", c.seconds()));
                line.add(String.format(Locale.ROOT, "%.1f → %.1f", c.loadBefore(), c.loadAfter()));
            }
            cells.add(line);
        }
        StringBuilder md = new StringBuilder(header).append("\n\n");
        md.append(markdownLine(COLUMNS)).append('\n');
        md.append("|---|---|---:|---|---|---:|---:|---:|---:|---:|---|\n");
        for (List<String> line : cells) {
            md.append(markdownLine(line)).append('\n');
        }
        StringBuilder csv = new StringBuilder(csvLine(COLUMNS)).append('\n');
        for (List<String> line : cells) {
            csv.append(csvLine(line)).append('\n');
        }
        System.out.println();
        System.out.println(md);
        Path dir = Path.of("target", "bench");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + ".txt"), md, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(name + ".csv"), csv, StandardCharsets.UTF_8);
    }

    private static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String markdownLine(List<String> cells) {
        return "| " + String.join(" | ", cells.stream().map(c -> c.replace("|", "\\|")).toList()) + " |";
    }

    private static String csvLine(List<String> cells) {
        return String.join(",", cells.stream().map(c -> "\"" + c.replace("\"", "\"\"") + "\"").toList());
    }
}
