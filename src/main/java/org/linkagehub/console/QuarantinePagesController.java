package org.linkagehub.console;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.linkagehub.canonical.MalformedPayloadException;
import org.linkagehub.canonical.MappingCatalog;
import org.linkagehub.canonical.MappingEngine;
import org.linkagehub.quarantine.QuarantineItem;
import org.linkagehub.quarantine.QuarantineService;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /console/quarantine}: what could not become a routed decision, the raw payload beside the fields the
 * source's mapping reads from it and every reason, and the operator's replay ({@link QuarantineService#replay}).
 */
@Controller
class QuarantinePagesController {

    private static final int PAGE_SIZE = 50;

    private final QuarantineService quarantine;
    private final MappingCatalog mappings;
    private final MappingEngine engine;

    QuarantinePagesController(QuarantineService quarantine, MappingCatalog mappings, MappingEngine engine) {
        this.quarantine = quarantine;
        this.mappings = mappings;
        this.engine = engine;
    }

    @GetMapping("/console/quarantine")
    String list(@RequestParam(defaultValue = "OPEN") String status, @RequestParam(required = false) String source,
            @RequestParam(defaultValue = "0") int page, Model model) {
        Map<String, Object> found = quarantine.list("ALL".equals(status) ? null : status, source, page, PAGE_SIZE);
        model.addAttribute("page", new Page<>(cast(found.get("items")), ((Number) found.get("total")).longValue(),
                Math.max(page, 0), PAGE_SIZE));
        model.addAttribute("status", status);
        model.addAttribute("source", source);
        model.addAttribute("sources", mappings.all().keySet());
        return "console/quarantine";
    }

    @GetMapping("/console/quarantine/{id}")
    String detail(@PathVariable long id, Model model) {
        QuarantineItem item = quarantine.find(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no quarantine record " + id));
        model.addAttribute("item", item);
        model.addAttribute("fields", parsedFields(item));
        return "console/quarantine-detail";
    }

    @PostMapping("/console/quarantine/{id}/replay")
    String replay(@PathVariable long id, Authentication user, RedirectAttributes flash) {
        try {
            QuarantineItem item = quarantine.replay(id, user.getName());
            flash.addFlashAttribute("message", "replay: " + item.replayedAs().path("status").asText());
        } catch (ResponseStatusException e) {
            flash.addFlashAttribute("error", e.getReason());
        }
        return "redirect:/console/quarantine/" + id;
    }

    @PostMapping("/console/quarantine/{id}/release")
    String release(@PathVariable long id, @RequestParam(required = false) String reason, Authentication user,
            RedirectAttributes flash) {
        try {
            QuarantineItem item = quarantine.release(id, reason, user.getName());
            flash.addFlashAttribute("message", "release: " + item.replayedAs().path("status").asText());
        } catch (ResponseStatusException e) {
            flash.addFlashAttribute("error", e.getReason());
        }
        return "redirect:/console/quarantine/" + id;
    }

    /** The raw payload's records as field path → value, read the way the source's mapping reads them. */
    private List<Field> parsedFields(QuarantineItem item) {
        List<Field> fields = new ArrayList<>();
        if (item.raw() == null || item.raw().text() == null) {
            return fields;
        }
        var mapping = mappings.find(item.source());
        if (mapping.isEmpty()) {
            return fields;
        }
        try {
            List<JsonNode> records = engine.records(mapping.get(), item.raw().text().getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < records.size(); i++) {
                flatten(records.size() == 1 ? "" : "[" + i + "]", records.get(i), fields);
            }
        } catch (MalformedPayloadException e) {
            // the reasons already say why it does not parse
        }
        return fields;
    }

    private static void flatten(String path, JsonNode node, List<Field> into) {
        if (node.isObject()) {
            node.properties().forEach(e -> flatten(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue(), into));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(path + "[" + i + "]", node.get(i), into);
            }
        } else {
            into.add(new Field(path, node.isNull() ? null : node.asText()));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<QuarantineItem> cast(Object items) {
        return (List<QuarantineItem>) items;
    }

    record Field(String path, String value) {
    }
}
