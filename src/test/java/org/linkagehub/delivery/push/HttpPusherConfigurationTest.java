package org.linkagehub.delivery.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.linkagehub.delivery.PushProperties;
import org.linkagehub.departments.DepartmentRegistry;
import org.linkagehub.platform.ConfigFiles;
import org.linkagehub.platform.LinkageProperties;
import org.linkagehub.platform.OutgoingHttp;
import org.springframework.web.client.RestClient;

/** Which HTTP departments can be pushed to, and why the others cannot; the back-off schedule. */
class HttpPusherConfigurationTest {

    @Test
    void aDepartmentWithoutUrlOrSecretIsNamedWithThePropertyToSet() {
        HttpPusher pusher = pusher(Map.of("zrzy", new PushProperties.Endpoint(URI.create("https://zrzy.example/in?k=1"),
                "s")));
        try {
            assertThat(pusher.endpoints()).containsExactly(Map.entry("ZRZY", "https://zrzy.example/in"));
            assertThat(pusher.unconfigured()).containsOnlyKeys("SW");
            assertThat(pusher.unconfigured().get("SW")).contains("linkage.push.departments.SW.url")
                    .contains("wait in the outbox");
        } finally {
            pusher.destroy();
        }
        HttpPusher unsigned = pusher(Map.of("SW", new PushProperties.Endpoint(URI.create("https://sw.example/"), " ")));
        assertThat(unsigned.unconfigured().get("SW")).contains("linkage.push.departments.SW.secret");
        unsigned.destroy();
    }

    @Test
    void backOffDoublesUpToTheCap() {
        PushProperties p = new PushProperties(Map.of(), 10, Duration.ofSeconds(2), 2.0, Duration.ofSeconds(30),
                Duration.ofSeconds(10));
        assertThat(p.backoff(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.backoff(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(p.backoff(4)).isEqualTo(Duration.ofSeconds(16));
        assertThat(p.backoff(9)).isEqualTo(Duration.ofSeconds(30));
    }

    private static HttpPusher pusher(Map<String, PushProperties.Endpoint> endpoints) {
        ConfigFiles files = new ConfigFiles(new LinkageProperties(Path.of("data"), null, null, null));
        PushProperties properties = new PushProperties(endpoints, 3, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1),
                Duration.ofSeconds(5));
        return new HttpPusher(null, null, Clock.systemUTC(), properties, new DepartmentRegistry(files),
                new OutgoingHttp(RestClient.builder()));
    }
}
