package org.linkagehub.delivery.push;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import org.linkagehub.delivery.OutboxChannel;
import org.linkagehub.delivery.PushProperties;
import org.linkagehub.departments.Department;
import org.linkagehub.departments.DepartmentRegistry;
import org.linkagehub.platform.OutgoingHttp;
import org.linkagehub.platform.WebhookSignature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;

/**
 * Pushes the outbox's HTTP-channel rows to each department's endpoint (route {@code http-push} calls
 * {@link #poll()}). Every department has its own lane — a thread, an HTTP client and its own rows — so a dead
 * endpoint only ever holds up its own department. A message is POSTed ({@link OutgoingHttp}, so each push is timed
 * in {@code http.client.requests}) as the JSON the queue would carry, signed over exactly the bytes sent like the
 * project-approval platform signs its webhook ({@link WebhookSignature}: hex HMAC-SHA256 of
 * {@code timestamp + "\n" + body}); any 2xx answer delivers it, anything else is retried with exponential
 * back-off whose next time is stored in the outbox, so a restart keeps the schedule. After
 * {@code linkage.push.max-attempts} failures the message is parked: kept, counted in health, no longer tried
 * until an operator retries it ({@code delivery.ParkedPushes}), and no longer holding back the later messages of its
 * lineage. Within a lineage only the oldest waiting
 * message is sent, so versions arrive in order; a crash after the endpoint answered and before the commit
 * sends the message again with the same {@code X-Linkage-Message-Id} for the department to drop.
 */
@Component
public class HttpPusher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(HttpPusher.class);
    static final String TIMESTAMP = "X-Linkage-Timestamp";
    static final String SIGNATURE = "X-Linkage-Signature";
    static final String MESSAGE_ID = "X-Linkage-Message-Id";
    static final String MESSAGE_TYPE = "X-Linkage-Message-Type";
    static final String DELIVERY_ID = "X-Linkage-Delivery-Id";
    /** On a case's message (CASE, CASE_REPLY, WARNING, ESCALATION), which has no delivery id. */
    /** A notice's header naming what it is about: {@code X-Linkage-Case-Id}, {@code X-Linkage-Task-Id}. */
    static final String ABOUT_PREFIX = "X-Linkage-";
    static final String LINEAGE_ID = "X-Linkage-Lineage-Id";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final PushProperties properties;
    private final OutgoingHttp http;
    private final Map<String, Lane> lanes = new LinkedHashMap<>();
    private final Map<String, String> unconfigured = new LinkedHashMap<>();

    public HttpPusher(JdbcTemplate jdbc, TransactionTemplate transaction, Clock clock, PushProperties properties,
            DepartmentRegistry departments, OutgoingHttp http) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
        this.properties = properties;
        this.http = http;
        Map<String, PushProperties.Endpoint> byCode = new LinkedHashMap<>();
        properties.departments().forEach((code, endpoint) -> byCode.put(code.toUpperCase(Locale.ROOT), endpoint));
        for (Department d : departments.all()) {
            if (!OutboxChannel.HTTP.equals(d.channel())) {
                continue;
            }
            PushProperties.Endpoint endpoint = byCode.get(d.code());
            String property = "linkage.push.departments." + d.code();
            if (endpoint == null || endpoint.url() == null) {
                unconfigured.put(d.code(), "no " + property + ".url configured: its deliveries wait in the outbox");
            } else if (endpoint.secret() == null || endpoint.secret().isBlank()) {
                unconfigured.put(d.code(), "no " + property + ".secret configured: the hub sends nothing unsigned, "
                        + "its deliveries wait in the outbox");
            } else {
                lanes.put(d.code(), new Lane(d.code(), endpoint));
            }
        }
        unconfigured.forEach((code, why) -> log.warn("HTTP department {}: {}", code, why));
    }

    /** Starts a drain in every idle lane; returns how many lanes were started. */
    public int poll() {
        int started = 0;
        for (Lane lane : lanes.values()) {
            if (lane.start()) {
                started++;
            }
        }
        return started;
    }

    /** HTTP departments that cannot be pushed to, with the reason. */
    Map<String, String> unconfigured() {
        return unconfigured;
    }

    /** HTTP departments with a usable endpoint, and where it is (without its query string). */
    Map<String, String> endpoints() {
        Map<String, String> shown = new LinkedHashMap<>();
        lanes.forEach((code, lane) -> shown.put(code, lane.actor));
        return shown;
    }

    @Override
    public void destroy() {
        lanes.values().forEach(lane -> lane.executor.shutdownNow());
    }

    /** One department's endpoint, thread and HTTP client. */
    private final class Lane {
        final String department;
        final PushProperties.Endpoint endpoint;
        /** Who the delivery history names as having taken a message: the endpoint, without any query string. */
        final String actor;
        final RestClient client;
        final ExecutorService executor;
        final AtomicBoolean running = new AtomicBoolean();

        Lane(String department, PushProperties.Endpoint endpoint) {
            this.department = department;
            this.endpoint = endpoint;
            URI url = endpoint.url();
            this.actor = url.getScheme() + "://" + url.getRawAuthority() + (url.getRawPath() == null ? "" : url.getRawPath());
            this.client = http.client(HttpClient.newBuilder().connectTimeout(properties.timeout()).build(),
                    properties.timeout());
            this.executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "push-" + department);
                t.setDaemon(true);
                return t;
            });
        }

        boolean start() {
            if (!running.compareAndSet(false, true)) {
                return false;
            }
            executor.execute(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()
                            && Boolean.TRUE.equals(transaction.execute(tx -> pushNext()))) {
                        // next message
                    }
                } catch (RuntimeException e) {
                    log.warn("HTTP push lane {} stopped until the next poll: {}", department, e.toString());
                } finally {
                    running.set(false);
                }
            });
            return true;
        }

        /** Pushes the lane's oldest due message; false when none is due. */
        private boolean pushNext() {
            Instant now = clock.instant();
            List<Message> due = jdbc.query("""
                    select o.id, o.delivery_id, n.about, n.about_id, o.lineage_id, o.duplicate_id, o.kind, o.body,
                           o.attempts
                    from outbox o left join notice n on n.id = o.notice_id
                    where o.channel = 'http' and o.department = ? and o.parked_at is null
                      and (o.next_attempt_at is null or o.next_attempt_at <= ?)
                      and not exists (select 1 from outbox p where p.channel = 'http' and p.department = o.department
                                      and p.lineage_id = o.lineage_id and p.id < o.id and p.parked_at is null)
                    order by o.id limit 1
                    for update of o skip locked""",
                    (rs, n) -> new Message(rs.getLong("id"), rs.getObject("delivery_id", UUID.class),
                            rs.getString("about"), rs.getObject("about_id", UUID.class),
                            rs.getObject("lineage_id", UUID.class), rs.getString("duplicate_id"), rs.getString("kind"),
                            rs.getString("body"), rs.getInt("attempts")),
                    department, Timestamp.from(now));
            if (due.isEmpty()) {
                return false;
            }
            Message m = due.get(0);
            Optional<String> failure = send(m);
            if (failure.isEmpty()) {
                delivered(m);
            } else {
                failed(m, failure.get());
            }
            return true;
        }

        /** Empty when the endpoint answered 2xx, else why not. */
        private Optional<String> send(Message m) {
            byte[] body = m.body().getBytes(StandardCharsets.UTF_8);
            String timestamp = Long.toString(clock.millis());
            RestClient.RequestBodySpec request = client.post().uri(endpoint.url())
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header(TIMESTAMP, timestamp)
                    .header(SIGNATURE, WebhookSignature.sign(endpoint.secret(), timestamp, body))
                    .header(MESSAGE_ID, m.duplicateId())
                    .header(MESSAGE_TYPE, m.kind())
                    .header(LINEAGE_ID, m.lineageId().toString())
                    // the signed bytes themselves, past every message converter, with their length
                    .contentLength(body.length);
            // a decision's message names its delivery; a case's message has none and names its case
            if (m.deliveryId() != null) {
                request.header(DELIVERY_ID, m.deliveryId().toString());
            }
            if (m.about() != null) { // X-Linkage-Case-Id, X-Linkage-Task-Id
                request.header(ABOUT_PREFIX + Character.toUpperCase(m.about().charAt(0)) + m.about().substring(1)
                        + "-Id", m.aboutId().toString());
            }
            request.body(out -> out.write(body));
            try {
                int status = OutgoingHttp.call(request, false).status();
                return status / 100 == 2 ? Optional.empty() : Optional.of("HTTP " + status + " from " + actor);
            } catch (IOException e) {
                return Optional.of(e.getClass().getSimpleName() + " from " + actor + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of("interrupted while pushing to " + actor);
            }
        }

        private void delivered(Message m) {
            Timestamp now = Timestamp.from(clock.instant());
            jdbc.update("delete from outbox where id = ?", m.id());
            if ("DECISION".equals(m.kind())) {
                jdbc.update("""
                        with changed as (
                            update delivery set status = 'DELIVERED'
                            where id = ? and status in ('PENDING', 'DISPATCHED') returning id)
                        insert into delivery_event (delivery_id, status, at, actor, note)
                        select id, 'DELIVERED', ?, ?, ? from changed""", m.deliveryId(), now, actor,
                        "2xx from the department's endpoint after " + (m.attempts() + 1) + " attempt(s)");
            }
        }

        private void failed(Message m, String why) {
            int attempts = m.attempts() + 1;
            Instant now = clock.instant();
            boolean park = attempts >= properties.maxAttempts();
            jdbc.update("update outbox set attempts = ?, last_error = ?, next_attempt_at = ?, parked_at = ? where id = ?",
                    attempts, why, Timestamp.from(now.plus(properties.backoff(attempts))),
                    park ? Timestamp.from(now) : null, m.id());
            if (park) {
                log.error("HTTP push of {} message {} (delivery {}) to {} parked after {} attempts: {}", m.kind(),
                        m.duplicateId(), m.deliveryId(), department, attempts, why);
            } else {
                log.warn("HTTP push of {} to {} failed (attempt {} of {}), next in {}: {}", m.duplicateId(), department,
                        attempts, properties.maxAttempts(), properties.backoff(attempts), why);
            }
        }
    }

    private record Message(long id, UUID deliveryId, String about, UUID aboutId, UUID lineageId, String duplicateId, String kind, String body,
            int attempts) {
    }
}
