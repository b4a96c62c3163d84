package org.linkagehub.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Optional;

import org.linkagehub.canonical.Reason;

/**
 * Reads a file that a platform dropped into an exchange folder, only if it is a regular file directly inside that
 * folder: never through a symbolic link (whose target could be any file the hub can read), never a device, pipe or
 * socket, never a second name (hard link) of a file that lives elsewhere. Nothing of a refused file is read.
 */
public final class ExchangeFolder {

    private ExchangeFolder() {
    }

    /** The file's content, at most {@code limit + 1} bytes (so the caller sees that it is larger), or why not. */
    public record Read(byte[] bytes, Reason refused) {
    }

    public static Read read(Path folder, Path file, long limit) throws IOException {
        Optional<Reason> problem = problem(folder, file);
        if (problem.isPresent()) {
            return new Read(new byte[0], problem.get());
        }
        // O_NOFOLLOW: a link swapped in after the check is refused by the system rather than followed
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            return new Read(bytes, null);
        }
    }

    /** Why {@code file} is not a regular file of its own directly inside {@code folder}, or empty. */
    public static Optional<Reason> problem(Path folder, Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
            return refused("symbolic-link", "the file is a symbolic link; links are not followed, nothing was read");
        }
        if (!attributes.isRegularFile()) {
            return refused("not-a-regular-file", "the file is not a regular file (a device, a pipe or a socket); "
                    + "nothing was read");
        }
        Object links = linkCount(file);
        if (links instanceof Integer n && n > 1) {
            return refused("hard-link", "the file has " + n + " names (a hard link to a file elsewhere); nothing was read");
        }
        Path parent = file.toAbsolutePath().normalize().getParent();
        if (parent == null || !Files.isSameFile(parent, folder)
                || Arrays.asList(file.getFileName().toString().split("/")).contains("..")) {
            return refused("outside-folder", "the file is not directly inside the exchange folder; nothing was read");
        }
        return Optional.empty();
    }

    private static Object linkCount(Path file) {
        try {
            return Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    private static Optional<Reason> refused(String rule, String message) {
        return Optional.of(Reason.of("(file)", null, rule, message));
    }
}
