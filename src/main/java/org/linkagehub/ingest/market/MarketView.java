package org.linkagehub.ingest.market;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.zaxxer.hikari.HikariDataSource;
import org.linkagehub.canonical.MappingCatalog;
import org.linkagehub.ingest.MarketSupervisionProperties;
import org.linkagehub.ingest.MarketViewStandIn;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The platform's view {@code V_XK_GS}, read with the keyset query of {@code mappings/sources/market-supervision.yaml}
 * through a small read-only pool that this bean owns and closes. The pool is deliberately not a {@code DataSource}
 * bean: a second one would switch off Spring Boot's DataSource auto-configuration and could bind Flyway and the
 * outbox to the platform's database.
 */
@Component
class MarketView implements DisposableBean {

    static final String SJC = "SJC";
    static final String ID = "ID";

    /** How the change time is written into the stored payload: Beijing local time, fractions only when present. */
    static final DateTimeFormatter LOCAL_TIME = new DateTimeFormatterBuilder().appendPattern("uuuu-MM-dd HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).toFormatter();

    private final MarketSupervisionProperties properties;
    private final ObjectProvider<MarketViewStandIn> standIn;
    private final MappingCatalog mappings;
    private volatile HikariDataSource pool;

    MarketView(MarketSupervisionProperties properties, ObjectProvider<MarketViewStandIn> standIn,
            MappingCatalog mappings) {
        this.properties = properties;
        this.standIn = standIn;
        this.mappings = mappings;
    }

    /** Why the source cannot run, or empty when it can. */
    Optional<String> disabledBecause() {
        return properties.configured() || standIn.getIfAvailable() != null ? Optional.empty()
                : Optional.of("linkage.sources.market-supervision.url is not set");
    }

    /**
     * The rows changed after {@code cursor}, oldest first, at most {@code batchSize} of them.
     *
     * @throws org.springframework.dao.DataAccessException when the platform's database fails or refuses the query
     */
    List<ViewRow> after(ViewCursor cursor, int batchSize) {
        JdbcTemplate template = new JdbcTemplate(pool());
        // the batch is limited through JDBC, not LIMIT / FETCH FIRST / ROWNUM, so one query runs everywhere
        template.setMaxRows(batchSize);
        template.setFetchSize(batchSize);
        template.setQueryTimeout((int) Math.max(1, properties.queryTimeout().toSeconds()));
        return new NamedParameterJdbcTemplate(template).query(query(), Map.of("sjc", cursor.sjc(), "id", cursor.id()),
                (rs, n) -> row(rs));
    }

    private String query() {
        String query = mappings.get(MarketSupervisionPoller.SOURCE).query();
        if (query == null || query.isBlank()) {
            throw new IllegalStateException("mappings/sources/market-supervision.yaml has no query:");
        }
        return query;
    }

    private static ViewRow row(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        Map<String, String> columns = new LinkedHashMap<>();
        LocalDateTime sjc = null;
        Long id = null;
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            String label = meta.getColumnLabel(i);
            if (label.equalsIgnoreCase(SJC)) {
                sjc = rs.getObject(i, LocalDateTime.class);
                columns.put(label, sjc == null ? null : LOCAL_TIME.format(sjc));
            } else {
                String value = rs.getString(i);
                columns.put(label, value);
                if (label.equalsIgnoreCase(ID) && value != null) {
                    id = rs.getLong(i);
                }
            }
        }
        if (sjc == null || id == null) {
            throw new IllegalStateException("the market-supervision query must select \"SJC\" and \"ID\", never null; got "
                    + columns.keySet() + (sjc == null ? " without SJC" : " without ID"));
        }
        return new ViewRow(columns, sjc, id);
    }

    private HikariDataSource pool() {
        HikariDataSource dataSource = pool;
        if (dataSource == null) {
            synchronized (this) {
                if (pool == null) {
                    pool = open();
                }
                dataSource = pool;
            }
        }
        return dataSource;
    }

    private HikariDataSource open() {
        MarketViewStandIn.Target target = properties.configured()
                ? new MarketViewStandIn.Target(properties.url(), properties.username(), properties.password())
                : Optional.ofNullable(standIn.getIfAvailable()).flatMap(MarketViewStandIn::target)
                        .orElseThrow(() -> new IllegalStateException("linkage.sources.market-supervision.url is not set"));
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setPoolName("market-supervision-view");
        dataSource.setJdbcUrl(target.url());
        dataSource.setUsername(target.username());
        dataSource.setPassword(target.password());
        dataSource.setReadOnly(true);
        // one poll at a time; the second connection only covers a connection being replaced
        dataSource.setMaximumPoolSize(2);
        dataSource.setMinimumIdle(0);
        dataSource.setConnectionTimeout(10_000);
        // the platform may be down at start-up: fail the poll, never the hub
        dataSource.setInitializationFailTimeout(-1);
        if (properties.initSql() != null && !properties.initSql().isBlank()) {
            dataSource.setConnectionInitSql(properties.initSql());
        }
        return dataSource;
    }

    @Override
    public void destroy() {
        HikariDataSource dataSource = pool;
        if (dataSource != null) {
            dataSource.close();
        }
    }
}
