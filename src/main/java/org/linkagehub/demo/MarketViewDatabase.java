package org.linkagehub.demo;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A stand-in for the market-supervision system's database: a table and, over it, the view {@code "V_XK_GS"} with the
 * platform's quoted upper-case columns ({@code SJC} a timestamp). The demo's simulator, the integration test and
 * the benchmark all write the view through it, the way the platform changes rows in place.
 */
public final class MarketViewDatabase {

    /** The view's columns, in the platform's order. */
    public static final List<String> COLUMNS = List.of("ID", "XK_WSH", "XK_XKWS", "XK_XKLB", "XK_XKZS", "XK_XKBH",
            "XK_NR", "XK_XDR_MC", "XK_XDR_LB", "XK_XDR_SHXYM", "XK_XDR_ZJHM", "XK_JDRQ", "XK_YXQZ", "XK_YXQZI",
            "XK_XKJG", "XK_ZT", "SXBM", "SJC");
    /** How the platform's dump prints {@code SJC}. */
    public static final DateTimeFormatter SJC_TEXT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private static final String SAMPLE = "demo/market-supervision-rows.csv";

    private final JdbcTemplate jdbc;

    /** @param view a connection to the stand-in database (never the hub's own) */
    public MarketViewDatabase(DataSource view) {
        this.jdbc = new JdbcTemplate(view);
    }

    /** Creates the database on the server {@code server} is connected to, unless it is there already. */
    public static void createDatabase(JdbcTemplate server, String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        Integer found = server.queryForObject("select count(*) from pg_database where datname = ?", Integer.class, name);
        if (found == null || found == 0) {
            server.execute("create database " + name);
        }
    }

    /** The table and the view, if not there yet. */
    public void create() {
        StringBuilder table = new StringBuilder("create table if not exists xk_gs (id bigint primary key");
        StringBuilder view = new StringBuilder("create or replace view \"V_XK_GS\" as select id as \"ID\"");
        for (String column : COLUMNS.subList(1, COLUMNS.size())) {
            String type = column.equals("SJC") ? "timestamp not null" : "varchar(200)";
            table.append(", ").append(column.toLowerCase()).append(' ').append(type);
            view.append(", ").append(column.toLowerCase()).append(" as \"").append(column).append('"');
        }
        jdbc.execute(table.append(')').toString());
        jdbc.execute("create index if not exists xk_gs_change on xk_gs (sjc, id)");
        jdbc.execute(view.append(" from xk_gs").toString());
    }

    /** Inserts rows, or updates them in place when their {@code ID} is there already (the platform's way). */
    public void upsert(List<Map<String, String>> rows) {
        StringBuilder sql = new StringBuilder("insert into xk_gs (")
                .append(String.join(", ", COLUMNS).toLowerCase()).append(") values (")
                .append("?, ".repeat(COLUMNS.size() - 1)).append("?) on conflict (id) do update set ");
        for (String column : COLUMNS.subList(1, COLUMNS.size())) {
            String c = column.toLowerCase();
            sql.append(c).append(" = excluded.").append(c).append(column.equals("SJC") ? "" : ", ");
        }
        List<Object[]> args = new ArrayList<>(rows.size());
        for (Map<String, String> row : rows) {
            Object[] values = new Object[COLUMNS.size()];
            for (int i = 0; i < COLUMNS.size(); i++) {
                String value = row.get(COLUMNS.get(i));
                values[i] = switch (COLUMNS.get(i)) {
                    case "ID" -> Long.valueOf(value.trim());
                    case "SJC" -> Timestamp.valueOf(LocalDateTime.parse(value.trim(), SJC_TEXT));
                    default -> value == null || value.isEmpty() ? null : value;
                };
            }
            args.add(values);
        }
        jdbc.batchUpdate(sql.toString(), args);
    }

    /** A revocation (2) or cancellation (3) in place: new status, new change time, same row. */
    public void changeStatus(long id, String status, LocalDateTime sjc) {
        jdbc.update("update xk_gs set xk_zt = ?, sjc = ? where id = ?", status, Timestamp.valueOf(sjc), id);
    }

    public long maxId() {
        Long max = jdbc.queryForObject("select coalesce(max(id), 0) from xk_gs", Long.class);
        return max == null ? 0 : max;
    }

    /** The sample dump of the view (legacy-formats §4), in its order: the last line is 10231 after its revocation. */
    public static List<Map<String, String>> sampleRows() {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setCommentMarker('#')
                .get();
        try (Reader in = new InputStreamReader(new ClassPathResource(SAMPLE).getInputStream(), StandardCharsets.UTF_8);
                CSVParser parser = CSVParser.parse(in, format)) {
            List<Map<String, String>> rows = new ArrayList<>();
            for (CSVRecord record : parser) {
                rows.add(new LinkedHashMap<>(record.toMap()));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SAMPLE, e);
        }
    }
}
