package org.linkagehub.ingest;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The online service hall, {@code linkage.sources.online-hall.*}.
 *
 * @param baseUrl      the hall's base address, e.g. {@code https://zwfw.nx.gov.cn/hall}; without it the source is
 *                     DISABLED
 * @param token        the {@code X-Access-Token} the hall issued; without it the source is DISABLED
 * @param pollInterval how often a walk starts (the route's timer)
 * @param pageSize     records per page asked for
 * @param startFrom    the {@code since} of the very first walk, when no cursor is stored yet; empty = the hall's
 *                     beginning (the first call then omits {@code since})
 * @param retryBackoff the first wait after a busy ({@code 500}) answer or a network error; doubled on each retry
 * @param retries      how many times one page is retried before the walk is given up until the next poll
 * @param timeout      connect and read timeout of one request
 */
@ConfigurationProperties("linkage.sources.online-hall")
public record OnlineHallProperties(URI baseUrl, String token, @DefaultValue("30s") Duration pollInterval,
        @DefaultValue("100") int pageSize, String startFrom, @DefaultValue("2s") Duration retryBackoff,
        @DefaultValue("4") int retries, @DefaultValue("30s") Duration timeout) {

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
