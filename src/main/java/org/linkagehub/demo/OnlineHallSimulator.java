package org.linkagehub.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.linkagehub.canonical.IdNumber;
import org.linkagehub.canonical.Uscc;

/**
 * Plays the online service hall (网上办事大厅) as legacy-formats §2 describes it: {@code GET
 * /api/banjian/completed?since=&pageNo=&pageSize=} with {@code X-Access-Token}, HTTP 200 always, errors in the
 * body, pages from 1 with an empty page past the end, one {@code nextSince} (opaque base64 with {@code =}
 * padding) on every page of a walk.
 *
 * <p>Its cases are a log in completion order: a case amended or voided later is appended again, so it comes
 * again in a later walk. The demo fills the log over time ({@link #generate}); tests put given records in it
 * ({@link #complete}) and script the next answers ({@link #answerOnPage}).
 */
public final class OnlineHallSimulator implements AutoCloseable {

    public static final String TOKEN_EXPIRED = "{\"code\":\"401\",\"msg\":\"token expired\",\"data\":null}";
    public static final String BUSY = "{\"code\":\"500\",\"msg\":\"系统繁忙,请稍后再试\",\"data\":null}";

    private static final DateTimeFormatter BJSJ = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String[]> MATTERS = List.of(
            new String[] {"640200-SPJ-SP-0031", "食品经营许可", "食品经营许可证", "JY2640205"},
            new String[] {"640200-SPJ-JT-0045", "道路货物运输经营许可", "道路运输经营许可证", "宁交运管许可石字640202"},
            new String[] {"640200-SPJ-WJ-0210", "公共场所卫生许可", "卫生许可证", "石卫公字"},
            new String[] {"640200-SPJ-YJ-0004", "药品经营许可", "药品经营许可证", "宁CB9520"},
            new String[] {"640200-SPJ-TS-0011", "特种设备使用登记", "特种设备使用登记证", "梯11宁B"});
    private static final String[] ORGANIZATIONS = {"宁夏沙湖物流有限公司", "石嘴山市星海商贸有限公司", "平罗县金穗粮油有限公司",
        "石嘴山市康宁大药房有限公司", "宁夏贺兰山酒店管理有限公司"};
    private static final String[] SHOPS = {"石嘴山市惠农区李记面馆", "大武口区清河便利店", "平罗县老马家羊肉馆"};

    private final String token;
    private final HttpServer server;
    private final List<Entry> log = new ArrayList<>();
    /** Where each walk ends, fixed by its first page, so every page of a walk shows the same nextSince. */
    private final Map<String, Integer> walkEnds = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > 64;
        }
    };
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final Random random = new Random();
    private volatile int busyOneIn;
    private ScheduledExecutorService generator;

    /**
     * @param port 0 for a free port
     */
    public OnlineHallSimulator(String token, int port) throws IOException {
        this.token = token;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/api/banjian/completed", this::answer);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "online-hall-simulator");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public String token() {
        return token;
    }

    /** Cases completed (or amended, or voided) now, in this order, each a record as the hall serves it. */
    public synchronized void complete(Collection<? extends Map<String, String>> records) {
        records.forEach(r -> log.add(new Entry(new LinkedHashMap<>(r))));
    }

    /** Forgets every case and scripted answer (a test's fresh hall). */
    public synchronized void clear() {
        log.clear();
        walkEnds.clear();
        faults.clear();
        requests.set(0);
    }

    /**
     * The next {@code times} requests for page {@code pageNo} (0: any page) are answered with {@code body}
     * instead; a null body is an HTTP 502 from a gateway in front of the hall (the hall itself always says 200).
     */
    public synchronized void answerOnPage(int pageNo, int times, String body) {
        for (int i = 0; i < times; i++) {
            faults.add(new Fault(pageNo, body));
        }
    }

    /** Answers one request in {@code n} at random with the busy body (0: never), as the real hall sometimes does. */
    public void busyOneIn(int n) {
        this.busyOneIn = n;
    }

    public int requests() {
        return requests.get();
    }

    public synchronized int cases() {
        return log.size();
    }

    /**
     * The demo: every {@code interval} a few cases complete — some in the same second, some refused, withdrawn
     * or with a mistyped USCC — and now and then an earlier grant is amended or voided.
     */
    public synchronized void generate(Duration interval, Clock clock) {
        if (generator != null) {
            return;
        }
        generator = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demo-online-hall");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger tick = new AtomicInteger();
        generator.scheduleWithFixedDelay(() -> generateTick(tick.incrementAndGet(), LocalDateTime.now(clock)), 0,
                interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void generateTick(int tick, LocalDateTime now) {
        String second = now.withNano(0).format(BJSJ);
        List<Map<String, String>> granted = log.stream().map(Entry::record)
                .filter(r -> "0".equals(r.get("BJJGDM"))).toList();
        if (!granted.isEmpty() && tick % 5 == 0) {
            Map<String, String> later = new LinkedHashMap<>(granted.get(random.nextInt(granted.size())));
            if (tick % 10 == 0) {
                later.put("BJJGDM", "2");
            } else {
                later.put("ZJYXQZHI", LocalDateTime.parse(later.get("ZJYXQZHI") + "T00:00").plusYears(1)
                        .toLocalDate().toString());
            }
            later.put("BJSJ", second);
            log.add(new Entry(later));
            return;
        }
        // one to three cases, all completed within the same second
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            log.add(new Entry(newCase(log.size() + 1, second)));
        }
    }

    /** A realistic completed case; number {@code n} decides its kind (mostly grants, some refusals and slips). */
    public static Map<String, String> newCase(int n, String completedAt) {
        Random random = new Random(n);
        String[] matter = MATTERS.get(random.nextInt(MATTERS.size()));
        String date = completedAt.substring(0, 10);
        int year = Integer.parseInt(date.substring(0, 4));
        boolean person = n % 6 == 0;
        boolean shop = !person && n % 4 == 0;
        String code = person ? idNumber(random) : uscc(random, shop ? "92640205" : "91640202");
        if (n % 9 == 0) {
            // a typing slip in the register: the check character no longer matches
            char last = code.charAt(17);
            code = code.substring(0, 17) + (last == '0' ? '1' : '0');
        }
        String result = n % 13 == 0 ? "5" : n % 7 == 0 ? "1" : "0";
        Map<String, String> r = new LinkedHashMap<>();
        r.put("SBLSH", "NX640200" + date.replace("-", "") + String.format("%07d", n));
        r.put("SXBM", matter[0]);
        r.put("SXMC", matter[1]);
        r.put("SQRMC", person ? "演示申请人" + n : shop ? SHOPS[n % SHOPS.length] : ORGANIZATIONS[n % ORGANIZATIONS.length]);
        r.put("SQRLX", person ? "1" : shop ? "3" : "2");
        r.put("SQRZJHM", code);
        r.put("BJJGDM", result);
        r.put("BJSJ", completedAt);
        boolean grant = result.equals("0");
        r.put("PFWH", (grant ? "石审批许〔" : "石审批不许〔") + year + "〕" + (10000 + n) + "号");
        r.put("ZJMC", grant ? matter[2] : "");
        r.put("ZJBH", grant ? matter[3] + String.format("%06d", n) + "号" : "");
        r.put("ZJYXQZ", grant ? date : "");
        r.put("ZJYXQZHI", grant ? LocalDateTime.parse(date + "T00:00").plusYears(5).minusDays(1).toLocalDate()
                .toString() : "");
        r.put("BLBM", "石嘴山市审批服务管理局");
        r.put("GZCN", n % 3 == 0 ? "1" : "0");
        return r;
    }

    private static String uscc(Random random, String prefix) {
        String charset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        StringBuilder s = new StringBuilder(prefix);
        while (s.length() < 17) {
            s.append(charset.charAt(random.nextInt(charset.length())));
        }
        return s.append(Uscc.checkCharacter(s.toString())).toString();
    }

    private static String idNumber(Random random) {
        String first17 = "640202" + (1960 + random.nextInt(40)) + String.format("%02d%02d", 1 + random.nextInt(12),
                1 + random.nextInt(28)) + String.format("%03d", random.nextInt(1000));
        return first17 + IdNumber.checkCharacter(first17);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            if (!token.equals(exchange.getRequestHeaders().getFirst("X-Access-Token"))) {
                send(exchange, TOKEN_EXPIRED);
                return;
            }
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            int pageNo = Math.max(1, Integer.parseInt(query.getOrDefault("pageNo", "1")));
            int pageSize = Math.max(1, Integer.parseInt(query.getOrDefault("pageSize", "50")));
            Fault fault = takeFault(pageNo);
            if (fault != null) {
                if (fault.body() == null) {
                    exchange.sendResponseHeaders(502, -1);
                } else {
                    send(exchange, fault.body());
                }
                return;
            }
            int busy = busyOneIn;
            if (busy > 0 && random.nextInt(busy) == 0) {
                send(exchange, BUSY);
                return;
            }
            send(exchange, page(query.get("since"), pageNo, pageSize));
        }
    }

    private synchronized Fault takeFault(int pageNo) {
        for (var it = faults.iterator(); it.hasNext();) {
            Fault f = it.next();
            if (f.pageNo() == 0 || f.pageNo() == pageNo) {
                it.remove();
                return f;
            }
        }
        return null;
    }

    private synchronized String page(String since, int pageNo, int pageSize) throws JsonProcessingException {
        int start = positionAfter(since);
        String walk = since == null ? "" : since;
        Integer end = pageNo == 1 ? null : walkEnds.get(walk);
        if (end == null) {
            end = log.size();
            walkEnds.put(walk, end);
        }
        int from = Math.min(end, start + (pageNo - 1) * pageSize);
        int to = Math.min(end, from + pageSize);
        List<Map<String, String>> records = log.subList(from, to).stream().map(Entry::record).toList();
        String nextSince = end > start ? cursor(log.get(end - 1)) : walk;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("total", Math.max(0, end - start));
        data.put("pageNo", pageNo);
        data.put("pageSize", pageSize);
        data.put("nextSince", nextSince);
        data.put("records", records);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", "200");
        body.put("msg", "ok");
        body.put("data", data);
        return JSON.writeValueAsString(body);
    }

    /** The log index after the case a cursor names: {@code base64("yyyy-MM-dd HH:mm:ss|SBLSH")}, as the hall's. */
    private int positionAfter(String since) {
        if (since == null || since.isEmpty()) {
            return 0;
        }
        String key;
        try {
            key = new String(Base64.getDecoder().decode(since), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return 0;
        }
        for (int i = log.size() - 1; i >= 0; i--) {
            if (log.get(i).key().equals(key)) {
                return i + 1;
            }
        }
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).key().compareTo(key) > 0) {
                return i;
            }
        }
        return log.size();
    }

    private static String cursor(Entry e) {
        return Base64.getEncoder().encodeToString(e.key().getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    private static void send(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (generator != null) {
                generator.shutdownNow();
            }
        }
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private record Entry(Map<String, String> record) {
        String key() {
            return record.get("BJSJ") + "|" + record.get("SBLSH");
        }
    }

    private record Fault(int pageNo, String body) {
    }
}
