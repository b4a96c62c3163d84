package org.linkagehub.visits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.linkagehub.canonical.Reason;

/** The strict reading of a visit: every problem named, the contact never repeated, and its masked form. */
class VisitInputTest {

    static final LocalDate TODAY = LocalDate.of(2026, 12, 2);
    final ObjectMapper mapper = new ObjectMapper();

    @Test
    void aCompleteVisitIsRead() throws Exception {
        VisitInput.Result r = VisitInput.check(mapper.readTree("""
                {"decisionId":"3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d","visitedOn":"2026-12-02",
                 "contact":" 王科长 13912345678 ","finding":"监管未启动"}"""), TODAY);
        assertThat(r.valid()).isTrue();
        assertThat(r.checked().contact()).isEqualTo("王科长 13912345678");
        assertThat(r.checked().followUp()).isNull();
    }

    @Test
    void everyProblemIsNamedAndTheContactIsNotRepeated() throws Exception {
        JsonNode body = mapper.readTree("""
                {"decisionId":"x","visitedOn":"2026-12-03","contact":"%s","finding":7,"followup":"y"}"""
                .formatted("张".repeat(201)));
        VisitInput.Result r = VisitInput.check(body, TODAY);
        assertThat(r.reasons()).extracting(Reason::field)
                .containsExactlyInAnyOrder("followup", "decisionId", "visitedOn", "contact", "finding");
        assertThat(r.reasons()).extracting(Reason::rule)
                .containsExactlyInAnyOrder("unknown-field", "malformed", "in-the-future", "too-long", "malformed");
        assertThat(r.reasons()).filteredOn(x -> x.field().equals("contact")).extracting(Reason::value).containsOnlyNulls();
        assertThat(VisitInput.check(mapper.readTree("[]"), TODAY).reasons()).extracting(Reason::rule)
                .containsExactly("malformed");
        assertThat(VisitInput.check(mapper.readTree("{}"), TODAY).reasons()).extracting(Reason::rule)
                .containsOnly("missing").hasSize(4);
    }

    @Test
    void theContactShowsOnlyItsFirstCharacterToOthers() {
        assertThat(ReturnVisits.mask("王科长 13912345678")).isEqualTo("王***");
        assertThat(ReturnVisits.mask("𠮷先生")).isEqualTo("𠮷***");
    }
}
