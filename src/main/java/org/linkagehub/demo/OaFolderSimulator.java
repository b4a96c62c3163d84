package org.linkagehub.demo;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.linkagehub.cluster.Elections;
import org.linkagehub.ingest.OaProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Plays the OA platform: every few seconds it exports a decision document into the hub's OA inbox the way the
 * OA does — written as NAME.xml.tmp, then renamed — mostly UTF-8, every fifth in GBK as older exports are, now
 * and then a change of an earlier grant, and once in a while a bad one (a wrong USCC check character, or GBK
 * bytes under a UTF-8 prolog) so the quarantine and {@code .failed/} have something to show.
 */
@Component
@ConditionalOnProperty(name = "linkage.demo.simulators", havingValue = "true")
class OaFolderSimulator implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OaFolderSimulator.class);
    /** Matters of mappings/routing/matters.yaml, so every good document routes. */
    private static final List<String[]> MATTERS = List.of(
            new String[] {"640200-SPJ-SP-0031", "食品经营许可", "食品经营许可证", "JY1640200"},
            new String[] {"640200-SPJ-WJ-0210", "公共场所卫生许可", "公共场所卫生许可证", "WSGG640200"},
            new String[] {"640200-SPJ-JT-0045", "道路货物运输经营许可", "道路运输经营许可证", "NXYS640200"},
            new String[] {"640200-SPJ-TS-0011", "特种设备使用登记", "特种设备使用登记证", "TS640200"});
    private static final String[] APPLICANTS = {"石嘴山市沙湖餐饮有限公司", "宁夏贺兰山物流有限公司", "平罗县惠丰商贸有限公司",
        "石嘴山市惠农区康乐浴池有限公司", "石嘴山市大武口区星海机械制造有限公司"};

    private final Path inbox;
    private final Clock clock;
    private final Duration interval;
    private final Random random = new Random();
    private final List<String[]> granted = new ArrayList<>();
    private int sequence;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-oa");
        t.setDaemon(true);
        return t;
    });

    /**
     * With several hubs, only the one leading oa-inbox plays this platform (the hub that polls the OA folder (route
     * oa-inbox) is the one that drops into it, so a local folder is read where it is written); alone: always.
     */
    private volatile Predicate<String> leads = namespace -> true;

    @Autowired
    void elections(Elections elections) {
        this.leads = elections::leads;
    }

    private void whenLeading(Runnable tick) {
        if (leads.test("oa-inbox")) {
            tick.run();
        }
    }

    OaFolderSimulator(OaProperties properties, Clock clock,
            @Value("${linkage.demo.oa.interval:PT7S}") Duration interval) {
        this.inbox = properties.inbox();
        this.clock = clock;
        this.interval = interval;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        timer.scheduleWithFixedDelay(() -> whenLeading(this::export), 2_000, interval.toMillis(), TimeUnit.MILLISECONDS);
        log.info("Demo: simulating the OA platform, one document every {} into {}", interval, inbox);
    }

    private void export() {
        try {
            Document next = next();
            Files.createDirectories(inbox);
            Path tmp = inbox.resolve(next.name() + ".tmp");
            Files.write(tmp, next.bytes());
            Files.move(tmp, inbox.resolve(next.name()), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("Demo OA document not written: {}", e.toString());
        }
    }

    synchronized Document next() {
        int n = ++sequence;
        LocalDate today = LocalDate.now(clock);
        String date = today.getYear() + "年" + today.getMonthValue() + "月" + today.getDayOfMonth() + "日";
        String number = "石审批许〔" + today.getYear() + "〕" + (5000 + n) + "-" + Long.toHexString(clock.millis()) + "号";
        String[] matter;
        String applicant;
        String uscc;
        String decision = "准予许可";
        String previous = null;
        if (!granted.isEmpty() && n % 6 == 0) {
            String[] earlier = granted.get(random.nextInt(granted.size()));
            previous = earlier[0];
            matter = MATTERS.get(Integer.parseInt(earlier[1]));
            applicant = earlier[2];
            uscc = earlier[3];
            decision = n % 12 == 0 ? "注销" : "变更";
            number = number.replace("许〔", "变〔");
        } else {
            int m = random.nextInt(MATTERS.size());
            matter = MATTERS.get(m);
            applicant = APPLICANTS[random.nextInt(APPLICANTS.length)];
            uscc = DemoCodes.randomUscc(random);
            if (n % 11 != 0) {
                granted.add(new String[] {number, Integer.toString(m), applicant, uscc});
            }
        }
        if (n % 11 == 0 && n % 22 != 0) {
            // a typing error in the register: the check character no longer matches
            uscc = uscc.substring(0, 17) + (uscc.charAt(17) == '0' ? '1' : '0');
        }
        boolean gbk = n % 5 == 0 || n % 22 == 0;
        String xml = """
                <?xml version="1.0" encoding="%s"?>
                <GongWen xmlns="urn:nx:oa:gongwen:1">
                  <WenHao>%s</WenHao>
                  <BiaoTi>关于%s%s%s的决定</BiaoTi>
                  <FaWenJiGuan daima="11640200MB1234567U">石嘴山市审批服务管理局</FaWenJiGuan>
                  <FaWenRiQi>%s</FaWenRiQi>
                  <ShiXiang bianma="%s">%s</ShiXiang>
                  <XiangDuiRen leibie="法人" xinyongdaima="%s">%s</XiangDuiRen>
                  <JueDing>%s</JueDing>
                %s  <ZhengJian mingcheng="%s" bianhao="%s%06d" youxiaoqizi="%s" youxiaoqizhi="%s"/>
                %s</GongWen>
                """.formatted(gbk && n % 22 != 0 ? "GBK" : "UTF-8", number, decision, applicant, matter[1], date,
                matter[0], matter[1], uscc, applicant, decision,
                previous == null ? "" : "  <YuanWenHao>" + previous + "</YuanWenHao>\n", matter[2], matter[3], n,
                today, today.plusYears(5).minusDays(1), n % 4 == 0 ? "  <ChengNuo>shi</ChengNuo>\n" : "");
        // n % 22: an old exporter writing GBK under a UTF-8 prolog
        Charset charset = gbk ? Charset.forName("GBK") : StandardCharsets.UTF_8;
        return new Document("GW" + today.toString().replace("-", "") + "-" + String.format("%05d", n) + ".xml",
                xml.getBytes(charset));
    }


    @Override
    public void destroy() {
        timer.shutdownNow();
    }

    record Document(String name, byte[] bytes) {
    }
}
