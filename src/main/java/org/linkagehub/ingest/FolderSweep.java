package org.linkagehub.ingest;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.support.DefaultPollingConsumerPollStrategy;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.stereotype.Component;

/**
 * A poll strategy for a file-drop inbox ({@code pollStrategy: "#folderSweep"} of the template
 * {@code file-drop-inbox}): before each poll it hands {@link FileIntake#sweep} the entries Camel's file consumer would
 * pass over without a word (a backslash in a name reads as a folder separator to it), so they are kept and reported
 * too. The source is the one whose {@code linkage.sources.<source>.inbox} is the endpoint's folder; the names swept
 * are those the endpoint's {@code include} takes.
 */
@Component("folderSweep")
public class FolderSweep extends DefaultPollingConsumerPollStrategy {

    private final FileIntake intake;
    private final ConfigurableEnvironment environment;

    public FolderSweep(FileIntake intake, ConfigurableEnvironment environment) {
        this.intake = intake;
        this.environment = environment;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        if (endpoint instanceof GenericFileEndpoint<?> files && files.getIncludePattern() != null
                && files.getConfiguration().getDirectory() != null) {
            Path folder = new File(files.getConfiguration().getDirectory()).toPath().toAbsolutePath().normalize();
            for (String source : SourceRouteSwitches.sources(environment)) {
                String inbox = environment.getProperty("linkage.sources." + source + ".inbox");
                if (inbox != null && sameFolder(folder, Path.of(inbox).toAbsolutePath().normalize())) {
                    intake.sweep(source, files.getIncludePattern());
                }
            }
        }
        return true;
    }

    private static boolean sameFolder(Path a, Path b) {
        try {
            return a.equals(b) || Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
