package org.linkagehub.cases;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.linkagehub.delivery.NoticeDetails;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** A case as the pull channel names it beside its messages: its {@code caseRef} and its status now. */
@Component
class CaseNoticeDetails implements NoticeDetails {

    private final NamedParameterJdbcTemplate jdbc;

    CaseNoticeDetails(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String about() {
        return "case";
    }

    @Override
    public Map<UUID, Map<String, Object>> describe(Collection<UUID> ids) {
        Map<UUID, Map<String, Object>> out = new LinkedHashMap<>();
        jdbc.query("select id, case_ref, status from case_file where id in (:ids)", new MapSqlParameterSource("ids", ids),
                rs -> {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("caseRef", rs.getString("case_ref"));
                    d.put("status", rs.getString("status"));
                    out.put(rs.getObject("id", UUID.class), d);
                });
        return out;
    }
}
