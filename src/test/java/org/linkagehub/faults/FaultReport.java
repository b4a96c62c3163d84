package org.linkagehub.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Set;

/**
 * One fault's figures, per department: delivered / lost / copies judged by {@code deliveryId} (and the broker's own
 * redeliveries apart), printed and appended to {@code target/faults/report.txt}.
 */
final class FaultReport {

    private final StringBuilder text = new StringBuilder();

    FaultReport(String fault) {
        text.append("== ").append(fault).append('\n');
    }

    FaultReport line(String format, Object... args) {
        text.append("   ").append(String.format(format, args)).append('\n');
        return this;
    }

    FaultReport departments(Collection<Department> departments, Set<String> documents) {
        for (Department d : departments) {
            long delivered = d.delivered(documents);
            line("%-4s delivered %d / %d, lost %d, copies %d (documents under two deliveryIds %d), broker redeliveries "
                    + "of one message %d, consumer reconnects %d", d.code, delivered, documents.size(),
                    documents.size() - delivered, d.copies(), d.doubled(documents), d.redeliveries(), d.reconnects());
        }
        return this;
    }

    void print() {
        System.out.print(text);
        try {
            Path file = Path.of("target", "faults", "report.txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, text.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
