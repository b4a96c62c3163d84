package org.linkagehub.platform;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The hub's own settings ({@code linkage.*}) that the platform package needs. Sources, security and
 * deadlines keep their settings beside the code that uses them.
 *
 * @param dataDir   where the embedded broker journal and PostgreSQL data live
 * @param configDir an operator's folder whose {@code routes/} and {@code mappings/} files replace the
 *                  packaged ones of the same name
 */
@ConfigurationProperties("linkage")
public record LinkageProperties(@DefaultValue("data") Path dataDir, Path configDir, @DefaultValue Broker broker,
        @DefaultValue Postgres postgres) {

    /**
     * The embedded broker.
     *
     * @param host        the network acceptor's address; loopback by default
     * @param port        the network acceptor's port (CORE, AMQP and STOMP on one port)
     * @param hubUser     the hub's own full-rights broker user
     * @param hubPassword its password; when empty, a random one is made at each start (only the hub,
     *                    in the same JVM, needs it)
     */
    public record Broker(@DefaultValue("127.0.0.1") String host, @DefaultValue("61616") int port,
            @DefaultValue("linkage-hub") String hubUser, String hubPassword) {
    }

    /**
     * The embedded PostgreSQL.
     *
     * @param port     its port; 0 picks a free one at each start
     * @param settings further server settings ({@code -c name=value}), e.g. {@code shared_preload_libraries}; the
     *                 durability settings (fsync, synchronous_commit, full_page_writes) are always on and not
     *                 taken from here
     */
    public record Postgres(@DefaultValue("0") int port, Map<String, String> settings) {
        public Postgres {
            settings = settings == null ? Map.of() : Map.copyOf(settings);
        }
    }
}
