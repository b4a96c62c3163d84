package org.linkagehub.ingest;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The online service hall, {@code linkage.sources.online-hall.*}. A busy page is asked again as any source's
 * transient fault is ({@code linkage.intake.redelivery.*}, {@code routes/error-handling.yaml}).
 *
 * @param baseUrl      the hall's base address, e.g. {@code https://zwfw.nx.gov.cn/hall}; without it the source is
 *                     DISABLED
 * @param token        the {@code X-Access-Token} the hall issued; without it the source is DISABLED
 * @param pollInterval how often a walk starts (the route's timer)
 * @param pageSize     records per page asked for
 * @param startFrom    the {@code since} of the very first walk, when no cursor is stored yet; empty = the hall's
 *                     beginning (the first call then omits {@code since})
 * @param timeout      connect and read timeout of one request
 */
@ConfigurationProperties("linkage.sources.online-hall")
public record OnlineHallProperties(URI baseUrl, String token, @DefaultValue("30s") Duration pollInterval,
        @DefaultValue("100") int pageSize, String startFrom, @DefaultValue("30s") Duration timeout) {

    /** Names the missing property, or null when the hall can be polled. */
    public String disabledBecause() {
        if (baseUrl == null || baseUrl.toString().isBlank()) {
            return "linkage.sources.online-hall.base-url is not set";
        }
        if (token == null || token.isBlank()) {
            return "linkage.sources.online-hall.token is not set";
        }
        return null;
    }
}
