package org.linkagehub.demo;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.linkagehub.canonical.IdNumber;
import org.linkagehub.canonical.Uscc;
import org.linkagehub.cluster.Elections;
import org.linkagehub.ingest.MarketSupervisionProperties;
import org.linkagehub.ingest.MarketViewStandIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.stereotype.Component;

/**
 * Plays the market-supervision system: when no {@code linkage.sources.market-supervision.url} is set it makes a
 * database {@code market_demo} in the hub's own PostgreSQL server, with the view {@code "V_XK_GS"} seeded from the
 * sample dump, and keeps changing it as the platform does — new licences keyed by hand (full-width digits, lower
 * case, spaces, now and then a wrong USCC check character, three date forms), several rows sharing one change
 * time, and earlier rows revoked or cancelled in place.
 */
@Component
@ConditionalOnProperty(name = "linkage.demo.simulators", havingValue = "true")
class MarketSupervisionSimulator implements MarketViewStandIn, DisposableBean {

    static final String DATABASE = "market_demo";
    private static final Logger log = LoggerFactory.getLogger(MarketSupervisionSimulator.class);
    private static final Pattern POSTGRES_URL = Pattern.compile("(jdbc:postgresql://[^/]+/)([^?]*)(\\?.*)?");
    /** Matters the memoranda give to 市场监管 (mappings/routing/matters.yaml). */
    private static final List<String[]> MATTERS = List.of(
            new String[] {"640200-SPJ-SP-0031", "食品经营许可", "食品经营许可证", "JY1640202"},
            new String[] {"640200-SPJ-SC-0002", "食品生产许可", "食品生产许可证", "SC1066402"},
            new String[] {"640200-SPJ-YJ-0004", "药品经营许可", "药品经营许可证", "宁AA95"},
            new String[] {"640200-SPJ-TS-0011", "特种设备使用登记", "特种设备使用登记证", "容15宁B"});
    private static final String[] COMPANIES = {"石嘴山市贺兰山食品有限公司", "宁夏星海医药连锁有限公司",
        "平罗县宝丰锅炉工程有限公司", "石嘴山市惠农区鑫源餐饮管理有限公司", "宁夏沙湖乳业有限公司"};
    private static final List<DateTimeFormatter> DATE_FORMS = List.of(DateTimeFormatter.BASIC_ISO_DATE,
            DateTimeFormatter.ofPattern("uuuu-MM-dd"), DateTimeFormatter.ofPattern("uuuu/MM/dd"));

    private final DataSource hub;
    private final MarketSupervisionProperties properties;
    private final Clock clock;
    private final Duration interval;
    private final Random random = new Random();
    private final List<Long> valid = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-market-supervision");
        t.setDaemon(true);
        return t;
    });
    private Optional<Target> target;
    private MarketViewDatabase view;
    private int tick;

    /**
     * With several hubs, only the one leading market-supervision-poll plays this platform (the hub that polls the
     * market view (route market-supervision-poll) is the one that changes it); alone: always.
     */
    private volatile Predicate<String> leads = namespace -> true;

    @Autowired
    void elections(Elections elections) {
        this.leads = elections::leads;
    }

    private void whenLeading(Runnable tick) {
        if (leads.test("market-supervision-poll")) {
            tick.run();
        }
    }

    MarketSupervisionSimulator(DataSource hub, MarketSupervisionProperties properties, Clock clock,
            @Value("${linkage.demo.market-supervision.interval:PT7S}") Duration interval) {
        this.hub = hub;
        this.properties = properties;
        this.clock = clock;
        this.interval = interval;
    }

    @EventListener
    void start(ApplicationReadyEvent event) {
        if (properties.url() != null && !properties.url().isBlank()) {
            return;
        }
        if (target().isPresent()) {
            timer.scheduleWithFixedDelay(() -> whenLeading(this::change), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
            log.info("Demo: simulating the market-supervision view in database {}, a change every {}", DATABASE,
                    interval);
        }
    }

    /** Makes the database, the view and the seed rows on first use; empty when the hub's database is not PostgreSQL. */
    @Override
    public synchronized Optional<Target> target() {
        if (target == null) {
            target = prepare();
        }
        return target;
    }

    private Optional<Target> prepare() {
        HikariDataSource pool;
        try {
            pool = hub.unwrap(HikariDataSource.class);
        } catch (SQLException e) {
            log.warn("Demo: no market-supervision view, the hub's DataSource is not a Hikari pool");
            return Optional.empty();
        }
        Matcher url = POSTGRES_URL.matcher(pool.getJdbcUrl());
        if (!url.matches()) {
            log.warn("Demo: no market-supervision view, the hub's database is not PostgreSQL");
            return Optional.empty();
        }
        MarketViewDatabase.createDatabase(new JdbcTemplate(hub), DATABASE);
        Target made = new Target(url.group(1) + DATABASE + (url.group(3) == null ? "" : url.group(3)),
                pool.getUsername(), pool.getPassword());
        view = new MarketViewDatabase(new SimpleDriverDataSource(new org.postgresql.Driver(), made.url(),
                made.username(), made.password()));
        view.create();
        if (view.maxId() == 0) {
            view.upsert(MarketViewDatabase.sampleRows());
        }
        return Optional.of(made);
    }

    private synchronized void change() {
        try {
            tick++;
            LocalDateTime now = LocalDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS);
            if (tick % 5 == 0 && !valid.isEmpty()) {
                long id = valid.remove(random.nextInt(valid.size()));
                view.changeStatus(id, tick % 10 == 0 ? "3" : "2", now);
                return;
            }
            // the platform's batch jobs write several rows in one second now and then
            int count = tick % 3 == 0 ? 3 : 1;
            long next = view.maxId();
            List<Map<String, String>> rows = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                rows.add(newRow(next + i, now));
            }
            view.upsert(rows);
        } catch (RuntimeException e) {
            log.warn("Demo: market-supervision view not changed: {}", e.toString());
        }
    }

    private Map<String, String> newRow(long id, LocalDateTime sjc) {
        String[] matter = MATTERS.get(random.nextInt(MATTERS.size()));
        LocalDate day = sjc.toLocalDate();
        String dated = DATE_FORMS.get((int) (id % DATE_FORMS.size())).format(day);
        Map<String, String> row = new LinkedHashMap<>();
        row.put("ID", Long.toString(id));
        row.put("XK_WSH", "石审批许〔" + day.getYear() + "〕" + id + "号");
        row.put("XK_XKWS", matter[1] + "决定书");
        row.put("XK_XKLB", "普通");
        row.put("XK_XKZS", matter[2]);
        row.put("XK_XKBH", matter[3] + String.format("%07d", id));
        row.put("XK_NR", matter[1]);
        boolean person = id % 7 == 0;
        String uscc = randomUscc(person ? "92" : "91");
        if (id % 9 == 0) {
            // a typing error in the register: the check character no longer matches
            uscc = uscc.substring(0, 17) + (uscc.charAt(17) == '0' ? '1' : '0');
        }
        if (person) {
            row.put("XK_XDR_MC", "石嘴山市大武口区演示" + id + "号个体店");
            row.put("XK_XDR_LB", "个体工商户");
            row.put("XK_XDR_ZJHM", randomIdNumber());
        } else {
            row.put("XK_XDR_MC", COMPANIES[random.nextInt(COMPANIES.length)]);
            row.put("XK_XDR_LB", "法人及非法人组织");
        }
        row.put("XK_XDR_SHXYM", keyedByHand(uscc, id));
        row.put("XK_JDRQ", dated);
        row.put("XK_YXQZ", dated);
        row.put("XK_YXQZI", id % 4 == 0 ? "2099-12-31" : day.plusYears(5).minusDays(1).format(DATE_FORMS.get(0)));
        row.put("XK_XKJG", "石嘴山市审批服务管理局");
        row.put("XK_ZT", "1");
        row.put("SXBM", matter[0]);
        row.put("SJC", sjc.format(MarketViewDatabase.SJC_TEXT));
        if (id % 9 != 0) {
            valid.add(id);
        }
        return row;
    }

    /** Data entry by hand: full-width characters, lower case or a stray space, as the view really holds them. */
    private static String keyedByHand(String code, long id) {
        return switch ((int) (id % 4)) {
            case 1 -> code.chars().mapToObj(c -> String.valueOf((char) (c < 128 ? c + 0xFEE0 : c)))
                    .reduce("", String::concat);
            case 2 -> code.toLowerCase();
            case 3 -> " " + code.substring(0, 9) + " " + code.substring(9) + " ";
            default -> code;
        };
    }

    private String randomUscc(String prefix) {
        String charset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        StringBuilder s = new StringBuilder(prefix).append("640202");
        for (int i = 0; i < 9; i++) {
            s.append(charset.charAt(random.nextInt(charset.length())));
        }
        return s.append(Uscc.checkCharacter(s.toString())).toString();
    }

    private String randomIdNumber() {
        String first17 = "640202" + (1960 + random.nextInt(40)) + String.format("%02d%02d", 1 + random.nextInt(12),
                1 + random.nextInt(28)) + String.format("%03d", random.nextInt(1000));
        return first17 + IdNumber.checkCharacter(first17);
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
