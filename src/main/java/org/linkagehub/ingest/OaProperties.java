package org.linkagehub.ingest;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The OA platform's file drop, {@code linkage.sources.oa.*}. The routes in {@code routes/oa.yaml} read the same
 * keys as placeholders.
 *
 * @param enabled      false stops the inbox route (the OA then shows DISABLED)
 * @param inbox        the exchange folder; {@code <linkage.data-dir>/inbox/oa} by default
 * @param maxFileSize  a larger file is kept truncated and quarantined as {@code oversized}
 * @param pollInterval how often the inbox is listed
 * @param sftp         an SFTP exchange folder, polled as well when {@code host} is set
 */
@ConfigurationProperties("linkage.sources.oa")
public record OaProperties(@DefaultValue("true") boolean enabled, @DefaultValue("data/inbox/oa") Path inbox,
        @DefaultValue("5MB") DataSize maxFileSize, @DefaultValue("1000ms") Duration pollInterval,
        @DefaultValue Sftp sftp) {

    /**
     * @param directory    the folder on the server, relative to the SFTP user's home
     * @param pollInterval how often the folder is listed
     * @param strictHostKeyChecking {@code yes} to check the server's key against the user's known_hosts file
     */
    public record Sftp(String host, @DefaultValue("22") int port, String username, String password,
            @DefaultValue("oa") String directory, @DefaultValue("10000ms") Duration pollInterval,
            @DefaultValue("no") String strictHostKeyChecking) {
    }
}
