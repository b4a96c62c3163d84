package org.linkagehub.ingest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.linkagehub.canonical.MalformedPayloadException;
import org.linkagehub.canonical.StrictInput;
import org.linkagehub.platform.OutgoingHttp;
import org.linkagehub.platform.WebhookSignature;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Asks the project-approval platform for one day's events: {@code GET {base}/api/approvals?date=yyyy-MM-dd},
 * signed like its webhook (timestamp and HMAC over an empty body). The notes only say the listing comes "in the
 * same shape" as the pushes, so the hub accepts a JSON array of events, or an object holding that array under
 * {@code data}, {@code events}, {@code records} or {@code list} (also one level down, e.g.
 * {@code {"code":0,"data":{"records":[…]}}}); an object whose {@code code} is neither 0 nor 200 is the platform
 * refusing. Asked through Boot's RestClient ({@link OutgoingHttp}), so each listing is timed in
 * {@code http.client.requests}; redirects are not followed.
 */
@Component
public class ApprovalListing {

    private static final List<String> WRAPPERS = List.of("data", "events", "records", "list");

    private final ProjectApprovalProperties webhook;
    private final ProjectApprovalReconcileProperties properties;
    private final Clock clock;
    private final RestClient http;

    public ApprovalListing(ProjectApprovalProperties webhook, ProjectApprovalReconcileProperties properties,
            Clock clock, OutgoingHttp http) {
        this.webhook = webhook;
        this.properties = properties;
        this.clock = clock;
        this.http = http.client(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build(),
                properties.reconcileTimeout());
    }

    /** The day's events, each as the platform listed it. */
    public List<JsonNode> events(LocalDate date) {
        if (properties.baseUrl() == null || !webhook.enabled()) {
            throw new ListingFailed("reconciliation needs linkage.sources.project-approval.base-url and .secret");
        }
        String timestamp = Long.toString(clock.millis());
        URI uri = URI.create(properties.baseUrl().toString().replaceFirst("/+$", "") + "/api/approvals?date=" + date);
        OutgoingHttp.Answer response;
        try {
            response = OutgoingHttp.call(http.get().uri(uri)
                    .header("Accept", "application/json")
                    .header("X-Gcjs-Timestamp", timestamp)
                    .header("X-Gcjs-Signature", WebhookSignature.sign(webhook.secret(), timestamp, new byte[0])), true);
        } catch (IOException e) {
            throw new ListingFailed("listing of " + date + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ListingFailed("listing of " + date + " interrupted");
        }
        if (response.status() / 100 != 2) {
            throw new ListingFailed("listing of " + date + " answered HTTP " + response.status());
        }
        return parse(date, response.body());
    }

    List<JsonNode> parse(LocalDate date, byte[] body) {
        JsonNode root;
        try {
            // as strictly as the webhook's events: a duplicate key or a second document must not pass here either
            root = StrictInput.json(body);
        } catch (MalformedPayloadException e) {
            throw new ListingFailed("listing of " + date + " refused (" + e.reason().rule() + "): " + e.reason().message());
        }
        if (root != null && root.isObject() && root.has("code")) {
            String code = root.get("code").asText();
            if (!code.equals("0") && !code.equals("200")) {
                throw new ListingFailed("listing of " + date + " refused by the platform: code " + code + " "
                        + root.path("msg").asText(root.path("message").asText("")));
            }
        }
        JsonNode events = eventsIn(root, 2);
        if (events == null) {
            throw new ListingFailed("listing of " + date + " holds no list of events (expected an array, or one under "
                    + WRAPPERS + ")");
        }
        List<JsonNode> list = new ArrayList<>(events.size());
        events.forEach(list::add);
        return list;
    }

    private static JsonNode eventsIn(JsonNode node, int depth) {
        if (node == null || node.isArray()) {
            return node;
        }
        if (!node.isObject() || depth == 0) {
            return null;
        }
        for (String wrapper : WRAPPERS) {
            JsonNode found = eventsIn(node.get(wrapper), depth - 1);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** The platform could not be asked, refused, or answered something that is not a listing; try again later. */
    public static class ListingFailed extends RuntimeException {
        ListingFailed(String message) {
            super(message);
        }
    }
}
