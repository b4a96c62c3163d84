package org.linkagehub.commitments;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.linkagehub.delivery.NoticeDetails;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** A verification task as the pull channel names it beside its messages: its document number and status now. */
@Component
class TaskNoticeDetails implements NoticeDetails {

    private final NamedParameterJdbcTemplate jdbc;

    TaskNoticeDetails(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String about() {
        return TaskService.ABOUT;
    }

    @Override
    public Map<UUID, Map<String, Object>> describe(Collection<UUID> ids) {
        Map<UUID, Map<String, Object>> out = new LinkedHashMap<>();
        jdbc.query("select id, document_number, status from verification_task where id in (:ids)",
                new MapSqlParameterSource("ids", ids), rs -> {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("documentNumber", rs.getString("document_number"));
                    d.put("status", rs.getString("status"));
                    out.put(rs.getObject("id", UUID.class), d);
                });
        return out;
    }
}
