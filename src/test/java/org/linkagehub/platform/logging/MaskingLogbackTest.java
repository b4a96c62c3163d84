package org.linkagehub.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.pattern.DynamicConverter;
import ch.qos.logback.core.status.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The converters inside real Logback contexts: one built programmatically around an in-memory
 * appender, and others configured from {@code logback-spring.xml} itself, whose encoders are
 * then fed events directly (nothing is written to the console).
 */
class MaskingLogbackTest {

    private static final String ID = "640203197001010020";

    private static final String MASKED_ID = "640203********0020";

    private static final String MOBILE = "13800138000";

    private static final String MASKED_MOBILE = "138****8000";

    private static final String DECISION_ID = "0f8fad5b-d9cb-469f-a165-70867728950e";

    private static final String BOOT_LOGBACK = "org/springframework/boot/logging/logback/";

    private final List<LoggerContext> contexts = new ArrayList<>();

    @AfterEach
    void stopContexts() {
        this.contexts.forEach(LoggerContext::stop);
    }

    @Test
    void programmaticContextMasksMessageAndStackTrace() {
        LoggerContext context = newContext();
        Map<String, Supplier<DynamicConverter>> rules = new HashMap<>();
        rules.put("maskedMsg", MaskingMessageConverter::new);
        rules.put("maskedEx", MaskingThrowableConverter::new);
        context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, rules);
        context.setMDCAdapter(MDC.getMDCAdapter());

        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%-5level %logger{0} - %replace([%X{decisionId}] ){'\\[\\] ', ''}%maskedMsg%n%maskedEx");
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(out);
        appender.start();
        Logger logger = context.getLogger("org.linkagehub.ingest.Intake");
        logger.addAppender(appender);
        logger.setAdditive(false);

        MDC.put("decisionId", DECISION_ID);
        try {
            logger.info("applicant id {} mobile {}", ID, MOBILE);
            IllegalStateException cause = new IllegalStateException("contact +86 138-0013-8000 unreachable");
            IllegalArgumentException failure = new IllegalArgumentException("ID " + ID + " does not match", cause);
            failure.addSuppressed(new RuntimeException("old ID 640203700101002"));
            logger.error("quarantined: reason {}", "身份证号" + ID + "与姓名不符", failure);
        }
        finally {
            MDC.remove("decisionId");
        }
        logger.info("no decision here");

        String output = out.toString(StandardCharsets.UTF_8);
        assertThat(output)
            .doesNotContain(ID, MOBILE, "0013-8000", "640203700101002")
            .contains("INFO  Intake - [" + DECISION_ID + "] applicant id " + MASKED_ID + " mobile " + MASKED_MOBILE)
            .contains("ERROR Intake - [" + DECISION_ID + "] quarantined: reason 身份证号" + MASKED_ID + "与姓名不符")
            .contains("java.lang.IllegalArgumentException: ID " + MASKED_ID + " does not match")
            .contains("Caused by: java.lang.IllegalStateException: contact +86 138-****-8000 unreachable")
            .contains("Suppressed: java.lang.RuntimeException: old ID 640203*****1002")
            .contains("\tat org.linkagehub.platform.logging.MaskingLogbackTest.")
            .contains("INFO  Intake - no decision here");
        assertNoErrors(context);
    }

    @Test
    void springConfigurationKeepsBootsConsoleAppearance() throws Exception {
        LoggerContext masked = configure(newContext());
        LoggerContext boot = newContext();
        boot.setPackagingDataEnabled(true); // as Boot's default configuration does
        configure(boot, """
                <configuration>
                  <include resource="%1$sdefaults.xml"/>
                  <include resource="%1$sconsole-appender.xml"/>
                  <root level="INFO"><appender-ref ref="CONSOLE"/></root>
                </configuration>
                """.formatted(BOOT_LOGBACK));
        Encoder<ILoggingEvent> maskedConsole = encoder(masked, "CONSOLE");
        Encoder<ILoggingEvent> bootConsole = encoder(boot, "CONSOLE");

        LoggingEvent plain = event(masked, "receipt {} signed by {}", null, Map.of(), "R-1", "市场监管局");
        assertThat(encode(maskedConsole, plain)).isEqualTo(encode(bootConsole, plain));

        LoggingEvent failed = event(masked, "delivery failed", new IllegalStateException("broker down"), Map.of());
        String failedLine = encode(maskedConsole, failed);
        assertThat(failedLine).isEqualTo(encode(bootConsole, failed))
            .contains("java.lang.IllegalStateException: broker down")
            .contains(" ~["); // packaging data, as Boot's default configuration shows

        LoggingEvent decided = event(masked, "delivered", null, Map.of("decisionId", DECISION_ID));
        assertThat(encode(maskedConsole, decided))
            .isEqualTo(encode(bootConsole, decided).replace(" : delivered", " : [" + DECISION_ID + "] delivered"));
    }

    @Test
    void springConfigurationMasksTheConsole() throws Exception {
        LoggerContext context = configure(newContext());
        Encoder<ILoggingEvent> console = encoder(context, "CONSOLE");

        LoggingEvent event = event(context, "applicant {} mobile {}",
                new IllegalArgumentException("ID " + ID + " rejected", new RuntimeException("call " + MOBILE)),
                Map.of("decisionId", DECISION_ID), ID, "+86 138 0013 8000");
        String line = encode(console, event);

        assertThat(line).doesNotContain(ID, MOBILE, "0013 8000")
            .contains(" INFO ")
            .contains(" : [" + DECISION_ID + "] applicant " + MASKED_ID + " mobile +86 138 **** 8000")
            .contains("java.lang.IllegalArgumentException: ID " + MASKED_ID + " rejected")
            .contains("Caused by: java.lang.RuntimeException: call " + MASKED_MOBILE);
        if (System.getProperty("LOG_FILE") == null && System.getenv("LOG_FILE") == null) {
            assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("FILE")).as("no file unless LOG_FILE").isNull();
        }
        assertNoErrors(context);
    }

    @Test
    void standardWordsAreMaskedTooInTheSpringConfiguration() throws Exception {
        LoggerContext context = configure(newContext());
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%m|%msg|%message|%wEx");
        encoder.start();

        String line = encode(encoder, event(context, "mobile " + MOBILE, new RuntimeException(ID), Map.of()));

        assertThat(line).doesNotContain(ID, MOBILE)
            .startsWith("mobile " + MASKED_MOBILE + "|mobile " + MASKED_MOBILE + "|mobile " + MASKED_MOBILE + "|")
            .contains("java.lang.RuntimeException: " + MASKED_ID);
        assertNoErrors(context);
    }

    @Test
    void springConfigurationAddsAMaskedFileWhenLogFileIsSet(@TempDir Path dir) throws Exception {
        LoggerContext context = newContext();
        context.putProperty("LOG_FILE", dir.resolve("linkage-hub.log").toString());
        configure(context);
        Encoder<ILoggingEvent> file = encoder(context, "FILE");
        assertThat(encoder(context, "CONSOLE")).isNotNull();

        String line = encode(file, event(context, "applicant {} mobile {}", new IllegalStateException(ID),
                Map.of("decisionId", DECISION_ID), ID, MOBILE));

        assertThat(line).doesNotContain(ID, MOBILE)
            // PID and application name are there when a Spring Boot application ran in this JVM before
            .matches("(?s)\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}[+-]\\d{2}:\\d{2}  INFO (\\d+)? --- \\[.+\\] "
                    + "org\\.linkagehub\\.ingest\\.Intake\\s+ : \\[" + DECISION_ID + "\\] applicant 640203\\*{8}0020"
                    + " mobile 138\\*{4}8000\\R\\Rjava\\.lang\\.IllegalStateException: 640203\\*{8}0020\\R.*");
        assertNoErrors(context);
    }

    @ParameterizedTest
    @ValueSource(strings = { "ecs", "logstash" })
    void structuredConsoleIsMaskedByTheJsonCustomizer(String format) throws Exception {
        LoggerContext context = newContext();
        context.putProperty("CONSOLE_LOG_STRUCTURED_FORMAT", format);
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", Map.of(
                "logging.structured.json.customizer", MaskingJsonCustomizer.class.getName())));
        context.putObject(Environment.class.getName(), environment); // as LogbackLoggingSystem does
        configure(context);
        Encoder<ILoggingEvent> console = encoder(context, "CONSOLE");
        assertThat(console).isInstanceOf(StructuredLogEncoder.class);

        LoggingEvent event = event(context, "applicant {} mobile {}",
                new IllegalArgumentException("ID " + ID + " rejected"),
                Map.of("decisionId", DECISION_ID, "contact", MOBILE), ID, MOBILE);
        String json = encode(console, event);

        assertThat(json).doesNotContain(ID, MOBILE)
            .contains("\"message\":\"applicant " + MASKED_ID + " mobile " + MASKED_MOBILE + "\"")
            .contains("IllegalArgumentException: ID " + MASKED_ID + " rejected")
            .contains("\"decisionId\":\"" + DECISION_ID + "\"")
            .contains(MASKED_MOBILE);
        assertNoErrors(context);
    }

    @Test
    void jsonCustomizerMasksNumbersAndObjectsButKeepsOtherValues() {
        Object timestamp = Instant.parse("2026-01-15T02:20:30Z");
        assertThat(MaskingJsonCustomizer.maskValue(null, 13800138000L)).isEqualTo(MASKED_MOBILE);
        assertThat(MaskingJsonCustomizer.maskValue(null, 1736900000000L)).isEqualTo(1736900000000L);
        assertThat(MaskingJsonCustomizer.maskValue(null, new StringBuilder(ID))).isEqualTo(MASKED_ID);
        assertThat(MaskingJsonCustomizer.maskValue(null, timestamp)).isSameAs(timestamp);
        assertThat(MaskingJsonCustomizer.maskValue(null, Level.INFO)).isSameAs(Level.INFO);
        assertThat(MaskingJsonCustomizer.maskValue(null, true)).isEqualTo(true);
        assertThat(MaskingJsonCustomizer.maskValue(null, null)).isNull();
    }

    // -- helpers

    private LoggerContext newContext() {
        LoggerContext context = new LoggerContext();
        context.setName("masking-test-" + this.contexts.size());
        this.contexts.add(context);
        return context;
    }

    private static LoggerContext configure(LoggerContext context) throws Exception {
        URL xml = MaskingLogbackTest.class.getResource("/logback-spring.xml");
        assertThat(xml).as("logback-spring.xml on the class path").isNotNull();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(xml);
        return context;
    }

    private static void configure(LoggerContext context, String xml) throws Exception {
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @SuppressWarnings("unchecked")
    private static Encoder<ILoggingEvent> encoder(LoggerContext context, String appenderName) {
        Appender<ILoggingEvent> appender = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(appenderName);
        assertThat(appender).as(appenderName + " appender").isInstanceOf(OutputStreamAppender.class);
        return ((OutputStreamAppender<ILoggingEvent>) appender).getEncoder();
    }

    private static LoggingEvent event(LoggerContext context, String message, Throwable throwable,
            Map<String, String> mdc, Object... arguments) {
        Logger logger = context.getLogger("org.linkagehub.ingest.Intake");
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.INFO, message, throwable,
                arguments);
        event.setMDCPropertyMap(mdc);
        return event;
    }

    private static String encode(Encoder<ILoggingEvent> encoder, ILoggingEvent event) {
        // colours only with an ANSI terminal; strip them in case the build has one
        return new String(encoder.encode(event), StandardCharsets.UTF_8).replaceAll("\u001B\\[[;\\d]*m", "");
    }

    private static void assertNoErrors(LoggerContext context) {
        assertThat(context.getStatusManager().getCopyOfStatusList())
            .filteredOn((status) -> status.getLevel() >= Status.WARN)
            .isEmpty();
    }

}
