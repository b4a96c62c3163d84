package org.linkagehub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.beans.IntrospectionException;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.linkagehub.departments.SecurityProperties;
import org.linkagehub.ingest.ProjectApprovalProperties;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Keeps {@code docker-compose.yml} and the standalone broker's configuration ({@code src/main/artemis/}) honest
 * where no Docker engine runs: parses them (relative to the working directory, the project root under Maven)
 * and checks them against the application's own properties, {@code application.yaml} and the departments of
 * {@code mappings/routing/departments.yaml}. A department added there without a queue, a receipts address or a cases
 * address on the standalone broker fails here.
 */
class ComposeTopologyTest {

    private static final Path COMPOSE = Path.of("docker-compose.yml");
    private static final Path BROKER_XML = Path.of("src/main/artemis/broker.xml");
    private static final Path ROLES = Path.of("src/main/artemis/artemis-roles.properties");
    private static final Path DEPARTMENTS = Path.of("mappings/routing/departments.yaml");
    private static final Path APPLICATION_YAML = Path.of("src/main/resources/application.yaml");
    private static final Path PROXY_CONF = Path.of("src/main/proxy/nginx.conf");
    /** The hubs of the topology, each a service running the same jar. */
    private static final List<String> HUBS = List.of("hub", "hub-2");
    /** The broker pair: service name to its role, whose half of the configuration is broker-ROLE.properties. */
    private static final Map<String, String> PAIR = Map.of("artemis", "primary", "artemis-backup", "backup");
    /**
     * Hub variables for properties another change brings ({@code linkage.cluster.node-id}, the hub's name among the
     * hubs); they bind to nothing until it lands, which does no harm (Spring ignores an unknown variable).
     */
    private static final Set<String> PENDING_PROPERTIES = Set.of("LINKAGE_CLUSTER_NODE_ID");

    private static final String CORE_NS = "urn:activemq:core";
    /** Every permission type of Artemis 2.40 to 2.44 (the twelve flags of {@code Role} the embedded broker sets). */
    private static final Set<String> ALL_PERMISSIONS = Set.of("createAddress", "deleteAddress", "createDurableQueue",
            "deleteDurableQueue", "createNonDurableQueue", "deleteNonDurableQueue", "send", "consume", "browse", "manage",
            "view", "edit");
    /** Environment variables of the hub that are not application properties. */
    private static final Set<String> NOT_PROPERTIES = Set.of("TZ", "JAVA_TOOL_OPTIONS");
    private static final Pattern SECRET_KEY = Pattern.compile(".*(PASSWORD|SECRET|TOKEN).*");
    private static final Pattern REQUIRED_VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):\\?[^}]+}");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static JsonNode compose;
    private static Document broker;
    private static List<String> departmentCodes;

    @BeforeAll
    static void parse() throws Exception {
        compose = YAML.readTree(COMPOSE.toFile());
        broker = parseXml(BROKER_XML);
        departmentCodes = new ArrayList<>();
        YAML.readTree(DEPARTMENTS.toFile()).path("departments").forEach(d -> departmentCodes.add(d.path("code").asText()));
        assertThat(departmentCodes).as("departments in " + DEPARTMENTS).isNotEmpty().doesNotContain("");
    }

    // ---------------------------------------------------------------- docker-compose.yml

    @Test
    void theThreeServicesExist() {
        assertThat(fieldNames(compose.path("services"))).contains("postgres", "artemis", "hub");
    }

    @Test
    void twoHubsTheBrokerPairAndTheProxyExist() {
        assertThat(fieldNames(compose.path("services"))).containsAll(HUBS).containsAll(PAIR.keySet()).contains("proxy");
        assertThat(service("proxy").path("image").asText()).matches("nginx:1\\.\\d+\\.\\d+(-alpine)?");
        for (String node : PAIR.keySet()) {
            assertThat(service(node).path("image").asText()).as("image of %s", node)
                    .isEqualTo(service("artemis").path("image").asText());
        }
    }

    @Test
    void everyImageHasAPinnedVersionTag() {
        services().forEach((name, service) -> {
            String image = service.path("image").asText();
            assertThat(image).as("image of service %s", name).isNotEmpty().doesNotContain("@");
            int colon = image.lastIndexOf(':');
            assertThat(colon).as("%s has a tag", image).isGreaterThan(image.lastIndexOf('/'));
            String tag = image.substring(colon + 1);
            assertThat(tag).as("tag of %s", image).isNotEqualTo("latest").doesNotStartWith("latest")
                    // at least major.minor: postgres:16.4, apache/activemq-artemis:2.44.0, prom/prometheus:v3.5.0
                    .matches("v?\\d+\\.\\d+.*");
        });
        assertThat(service("postgres").path("image").asText()).startsWith("postgres:");
        assertThat(service("artemis").path("image").asText()).startsWith("apache/activemq-artemis:");
        assertThat(service("hub").path("image").asText()).matches("eclipse-temurin:17\\.\\d+\\.\\d+(_\\d+)?-jre.*");
        assertThat(service("prometheus").path("image").asText()).matches("prom/prometheus:v3\\.\\d+\\.\\d+");
        assertThat(service("grafana").path("image").asText()).matches("grafana/grafana:12\\.\\d+\\.\\d+");
    }

    // ---------------------------------------------------------------- monitoring (src/main/observability)

    @Test
    void prometheusScrapesTheHubWhereTheHubServesItsMetrics() throws IOException {
        JsonNode application = YAML.readTree(APPLICATION_YAML.toFile());
        assertThat(application.at("/management/endpoints/web/exposure/include").asText().split(",\\s*"))
                .as("management.endpoints.web.exposure.include").contains("prometheus");
        Mount config = mounts("prometheus").get("/etc/prometheus");
        assertThat(config).as("prometheus configuration mounted at /etc/prometheus").isNotNull();
        assertThat(config.readOnly()).isTrue();
        assertThat(service("prometheus").path("command").toString()).contains("--config.file=/etc/prometheus/prometheus.yml");
        JsonNode prometheus = YAML.readTree(inRepository(config, "/etc/prometheus/prometheus.yml").toFile());

        JsonNode job = prometheus.path("scrape_configs").get(0);
        assertThat(job.path("metrics_path").asText()).isEqualTo("/actuator/prometheus");
        assertThat(job.has("basic_auth")).as("the hub's /actuator/prometheus is anonymous").isFalse();
        String target = job.at("/static_configs/0/targets/0").asText();
        String serverPort = application.at("/server/port").asText();
        assertThat(target).isEqualTo("hub:" + serverPort);
        List<String> targets = new ArrayList<>();
        job.at("/static_configs/0/targets").forEach(t -> targets.add(t.asText()));
        assertThat(targets).as("every hub scraped").containsExactlyInAnyOrderElementsOf(
                HUBS.stream().map(h -> h + ":" + serverPort).toList());
        assertThat(publishedTargets("hub")).contains(serverPort);

        assertThat(prometheus.path("rule_files")).isNotEmpty();
        for (JsonNode rules : prometheus.path("rule_files")) {
            JsonNode groups = YAML.readTree(inRepository(config, rules.asText()).toFile()).path("groups");
            assertThat(groups).as("rule groups of %s", rules.asText()).isNotEmpty();
            groups.forEach(g -> g.path("rules").forEach(r -> assertThat(r.path("expr").asText())
                    .as("alert %s", r.path("alert").asText()).isNotBlank()));
        }
        assertThat(fieldNames(compose.path("volumes"))).contains(mounts("prometheus").get("/prometheus").source());
    }

    @Test
    void grafanaIsProvisionedWithThePrometheusSourceAndTheDashboards() throws IOException {
        Mount provisioning = mounts("grafana").get("/etc/grafana/provisioning");
        Mount dashboards = mounts("grafana").get("/var/lib/grafana/dashboards");
        assertThat(provisioning).isNotNull();
        assertThat(dashboards).isNotNull();
        assertThat(provisioning.readOnly() && dashboards.readOnly()).isTrue();

        JsonNode source = YAML.readTree(inRepository(provisioning, "/etc/grafana/provisioning/datasources/prometheus.yml")
                .toFile()).path("datasources").get(0);
        assertThat(source.path("type").asText()).isEqualTo("prometheus");
        assertThat(source.path("url").asText()).isEqualTo("http://prometheus:9090");
        assertThat(publishedTargets("prometheus")).contains("9090");
        String uid = source.path("uid").asText();

        JsonNode provider = YAML.readTree(inRepository(provisioning, "/etc/grafana/provisioning/dashboards/linkage-hub.yml")
                .toFile()).path("providers").get(0);
        assertThat(provider.at("/options/path").asText()).isEqualTo(dashboards.target());
        String home = environment("grafana").get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
        JsonNode dashboard = new ObjectMapper().readTree(inRepository(dashboards, home).toFile());
        assertThat(dashboard.path("uid").asText()).isEqualTo("linkage-hub");
        List<String> titles = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            titles.add(panel.path("title").asText());
            if (!panel.path("type").asText().equals("row")) {
                assertThat(panel.at("/datasource/uid").asText()).as("data source of panel %s", panel.path("title"))
                        .isEqualTo(uid);
                assertThat(panel.path("targets")).as("queries of panel %s", panel.path("title")).isNotEmpty();
            }
        }
        assertThat(titles).contains("Routes", "Sources", "Departments", "Quarantine and dead letters");
        assertThat(fieldNames(compose.path("volumes"))).contains(mounts("grafana").get("/var/lib/grafana").source());
    }

    /** The repository file behind a path inside a container, through the bind mount that holds it. */
    private static Path inRepository(Mount mount, String containerPath) {
        assertThat(containerPath).startsWith(mount.target() + "/");
        Path file = Path.of(mount.source()).resolve(containerPath.substring(mount.target().length() + 1)).normalize();
        assertThat(file).as("%s (mounted at %s)", file, containerPath).isRegularFile();
        return file;
    }

    @Test
    void hubStartsOnlyOnceDatabaseAndBrokerAreHealthy() {
        for (String hub : HUBS) {
            JsonNode dependsOn = service(hub).path("depends_on");
            for (String dependency : List.of("postgres", "artemis")) {
                assertThat(dependsOn.path(dependency).path("condition").asText())
                        .as("%s depends_on %s", hub, dependency).isEqualTo("service_healthy");
                JsonNode test = service(dependency).path("healthcheck").path("test");
                assertThat(test.isMissingNode() || test.isEmpty()).as("%s has a healthcheck", dependency).isFalse();
                assertThat(test.toString()).doesNotContain("NONE");
            }
        }
        assertThat(service("postgres").path("healthcheck").path("test").toString()).contains("pg_isready");
    }

    @Test
    void everyHubVariableBindsToAPropertyTheApplicationHas() throws Exception {
        List<Pattern> bindable = bindableVariables();
        for (String hub : HUBS) {
            Map<String, String> env = environment(hub);
            assertThat(env).as("environment of %s", hub).containsKeys("SPRING_DATASOURCE_URL",
                    "SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD", "SPRING_ARTEMIS_BROKER_URL",
                    "SPRING_ARTEMIS_USER", "SPRING_ARTEMIS_PASSWORD", "LINKAGE_SOURCES_PROJECTAPPROVAL_SECRET",
                    "LINKAGE_CONFIGDIR", "LINKAGE_SECURITY_USERS_OPERATOR_PASSWORD");
            for (String key : env.keySet()) {
                if (NOT_PROPERTIES.contains(key) || PENDING_PROPERTIES.contains(key)) {
                    continue;
                }
                assertThat(bindable.stream().anyMatch(p -> p.matcher(key).matches()))
                        .as("%s variable %s binds to no property of the application (known: %s)", hub, key, bindable)
                        .isTrue();
                Matcher token = Pattern.compile("LINKAGE_SECURITY_(DEPARTMENTTOKENS|BROKERPASSWORDS)_(.+)").matcher(key);
                if (token.matches()) {
                    assertThat(departmentCodes).as("department of %s", key).contains(token.group(2));
                }
            }
            assertThat(env.getOrDefault("SPRING_PROFILES_ACTIVE", "")).as("no demo credentials in production")
                    .doesNotContain("demo");
        }
    }

    /** The hubs are one application: the same settings, but each its own node id among the hubs. */
    @Test
    void theHubsDifferOnlyInTheirNodeIdAndTheirOwnPort() {
        Map<String, String> first = new LinkedHashMap<>(environment(HUBS.get(0)));
        Set<String> nodeIds = new TreeSet<>();
        for (String hub : HUBS) {
            Map<String, String> env = new LinkedHashMap<>(environment(hub));
            assertThat(env.get("LINKAGE_CLUSTER_NODE_ID")).as("LINKAGE_CLUSTER_NODE_ID of %s", hub).isNotBlank();
            nodeIds.add(env.remove("LINKAGE_CLUSTER_NODE_ID"));
            Map<String, String> expected = new LinkedHashMap<>(first);
            expected.remove("LINKAGE_CLUSTER_NODE_ID");
            assertThat(env).as("environment of %s vs %s", hub, HUBS.get(0)).isEqualTo(expected);
            assertThat(service(hub).path("image")).isEqualTo(service(HUBS.get(0)).path("image"));
            assertThat(service(hub).path("command")).isEqualTo(service(HUBS.get(0)).path("command"));
            assertThat(mounts(hub)).isEqualTo(mounts(HUBS.get(0)));
        }
        assertThat(nodeIds).as("node ids").hasSize(HUBS.size());
    }

    @Test
    void hubUsesTheServersOfTheTopologyAndTheEmbeddedOnesStayOff() throws IOException {
        JsonNode application = YAML.readTree(APPLICATION_YAML.toFile());
        assertThat(application.at("/spring/artemis/embedded/enabled").isBoolean()).isTrue();
        assertThat(application.at("/spring/artemis/embedded/enabled").asBoolean())
                .as("spring.artemis.embedded.enabled in application.yaml").isFalse();

        Map<String, String> hub = environment("hub");
        Map<String, String> postgres = environment("postgres");
        // a URL switches off the hub's embedded PostgreSQL and broker (their @Conditional on the absent URL)
        assertThat(hub.get("SPRING_DATASOURCE_URL"))
                .isEqualTo("jdbc:postgresql://postgres:5432/" + postgres.get("POSTGRES_DB"));
        assertThat(hub.get("SPRING_DATASOURCE_USERNAME")).isEqualTo(postgres.get("POSTGRES_USER"));
        assertThat(hub.get("SPRING_DATASOURCE_PASSWORD")).isEqualTo(postgres.get("POSTGRES_PASSWORD"));

        // the pair's fail-over URL: (tcp://artemis:61616,tcp://artemis-backup:61616)?ha=true&reconnectAttempts=-1...
        Matcher url = Pattern.compile("\\(([^)]+)\\)\\?(.+)").matcher(hub.get("SPRING_ARTEMIS_BROKER_URL"));
        assertThat(url.matches()).as("SPRING_ARTEMIS_BROKER_URL lists both nodes: %s", hub.get("SPRING_ARTEMIS_BROKER_URL"))
                .isTrue();
        Set<String> hosts = new TreeSet<>();
        for (String node : url.group(1).split(",")) {
            URI brokerUrl = URI.create(node.strip());
            assertThat(brokerUrl.getScheme()).isEqualTo("tcp");
            assertThat(brokerUrl.getPort()).isEqualTo(acceptorUri().getPort());
            hosts.add(brokerUrl.getHost());
        }
        assertThat(hosts).as("the hub's broker nodes").isEqualTo(new TreeSet<>(PAIR.keySet()));
        Map<String, String> options = query(url.group(2));
        assertThat(options).containsEntry("ha", "true").containsEntry("reconnectAttempts", "-1")
                .containsKey("callFailoverTimeout");
    }

    private static Map<String, String> query(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String param : query.split("[;&]")) {
            String[] kv = param.split("=", 2);
            params.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        return params;
    }

    @Test
    void noSecretHasALiteralValue() throws IOException {
        services().forEach((name, service) -> environment(name).forEach((key, value) -> {
            if (SECRET_KEY.matcher(key).matches()) {
                assertThat(value).as("%s of service %s must be ${VARIABLE:?message}", key, name)
                        .matches(REQUIRED_VARIABLE);
            }
        }));
        String text = Files.readString(COMPOSE);
        assertThat(text).as("a secret variable with a default")
                .doesNotContainPattern("\\$\\{[A-Z0-9_]*(PASSWORD|SECRET|TOKEN)[A-Z0-9_]*:?[-=+]");
    }

    @Test
    void everyVariableIsDocumentedAtTheTop() throws IOException {
        List<String> lines = Files.readAllLines(COMPOSE);
        StringBuilder header = new StringBuilder();
        for (String line : lines) {
            if (!line.isBlank() && !line.startsWith("#")) {
                break;
            }
            header.append(line).append('\n');
        }
        assertThat(header.toString()).as("header comment").contains(".ci");
        Matcher variable = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)").matcher(lines.stream()
                .filter(l -> !l.strip().startsWith("#")).collect(Collectors.joining("\n")));
        Set<String> used = new TreeSet<>();
        while (variable.find()) {
            used.add(variable.group(1));
        }
        assertThat(used).contains("POSTGRES_PASSWORD", "ARTEMIS_ADMIN_PASSWORD", "ARTEMIS_HUB_PASSWORD");
        for (String name : used) {
            assertThat(header.toString()).as("the header documents %s", name).contains(name);
        }
    }

    /** With two hubs the proxy is the one address; each hub's own port is for an operator on this machine. */
    @Test
    void onlyTheProxyListensBeyondThisMachine() {
        services().forEach((name, service) -> {
            for (JsonNode port : service.path("ports")) {
                if (!name.equals("proxy")) {
                    assertThat(hostIp(port)).as("published port %s of %s", port, name).isEqualTo("127.0.0.1");
                }
            }
        });
        assertThat(publishedTargets("proxy")).containsExactly("8080");
        for (String hub : HUBS) {
            assertThat(publishedTargets(hub)).contains("8080");
        }
        for (String node : PAIR.keySet()) {
            assertThat(publishedTargets(node)).contains("61616", "8161");
        }
    }

    @Test
    void theProxySendsToEveryHubOnItsServerPort() throws IOException {
        JsonNode application = YAML.readTree(APPLICATION_YAML.toFile());
        String serverPort = application.at("/server/port").asText();
        Mount conf = mounts("proxy").get("/etc/nginx/nginx.conf");
        assertThat(conf).as("the proxy's configuration mounted at /etc/nginx/nginx.conf").isNotNull();
        assertThat(conf.readOnly()).isTrue();
        assertThat(Path.of(conf.source()).normalize()).isEqualTo(PROXY_CONF);
        String text = Files.readAllLines(PROXY_CONF).stream().map(l -> l.replaceAll("#.*", ""))
                .collect(Collectors.joining("\n"));
        Matcher server = Pattern.compile("(?m)^\\s*server\\s+([\\w.-]+):(\\d+)").matcher(text);
        Set<String> upstreams = new TreeSet<>();
        while (server.find()) {
            upstreams.add(server.group(1) + ":" + server.group(2));
        }
        assertThat(upstreams).as("upstream servers of %s", PROXY_CONF).isEqualTo(new TreeSet<>(
                HUBS.stream().map(h -> h + ":" + serverPort).toList()));
        assertThat(text).as("the proxy listens where it is published").containsPattern("listen\\s+8080;");
        assertThat(text).as("a stopping hub's 503 moves the request on").containsPattern(
                "proxy_next_upstream[^;]*http_503");
        for (String hub : HUBS) {
            assertThat(service("proxy").path("depends_on").toString()).contains(hub);
        }
    }

    @Test
    void everyServiceRunsOnBeijingTime() {
        services().keySet().forEach(name -> assertThat(environment(name).get("TZ")).as("TZ of %s", name)
                .isEqualTo("Asia/Shanghai"));
        assertThat(environment("hub").get("JAVA_TOOL_OPTIONS")).contains("-Duser.timezone=Asia/Shanghai");
    }

    @Test
    void hubRunsThePackagedJarAndBrokerTakesThisRepositorysConfiguration() throws Exception {
        Map<String, Mount> hub = mounts("hub");
        Mount jar = hub.values().stream().filter(m -> m.source().startsWith("./target/")).findFirst().orElseThrow();
        assertThat(jar.source()).matches("\\./target/linkage-hub-.+\\.jar");
        assertThat(jar.readOnly()).as("jar mounted read-only").isTrue();
        assertThat(service("hub").path("command").toString()).contains("-jar").contains(jar.target());
        Path pom = Path.of("pom.xml");
        if (Files.isRegularFile(pom)) {
            Element project = parseXml(pom).getDocumentElement();
            if ("linkage-hub".equals(childText(project, "artifactId"))) { // the hub's own build, not a scratch copy
                assertThat(jar.source()).isEqualTo("./target/linkage-hub-" + childText(project, "version") + ".jar");
            }
        }
        Mount config = hub.get("/etc/linkage-hub");
        assertThat(config).isNotNull();
        assertThat(config.readOnly()).isTrue();
        assertThat(environment("hub").get("LINKAGE_CONFIGDIR")).isEqualTo("/etc/linkage-hub");

        for (String node : PAIR.keySet()) {
            Mount etcOverride = mounts(node).get("/var/lib/artemis-instance/etc-override");
            assertThat(etcOverride).as("src/main/artemis mounted where the image copies it into etc/").isNotNull();
            assertThat(Path.of(etcOverride.source()).normalize()).isEqualTo(BROKER_XML.getParent());
            assertThat(etcOverride.readOnly()).isTrue();
            assertThat(service(node).path("entrypoint").toString())
                    .contains("cp etc-override/broker.xml etc/broker.xml").contains("/docker-run.sh run");
            assertThat(mounts(node)).containsKey("/var/lib/artemis-instance");
        }
        assertThat(mounts("postgres")).containsKey("/var/lib/postgresql/data");
        assertThat(fieldNames(compose.path("volumes"))).contains(
                mounts("artemis").get("/var/lib/artemis-instance").source(),
                mounts("postgres").get("/var/lib/postgresql/data").source());
    }

    // ---------------------------------------------------------------- the broker pair

    /**
     * A shared store: both nodes have the one volume as their data/ (journal, duplicate ids, the accounts), each its
     * own instance volume (etc/), and each writes its own half, broker-ROLE.properties, to etc/broker.properties.
     */
    @Test
    void bothNodesShareOneStoreAndEachTakesItsOwnHalf() throws IOException {
        Set<String> stores = new TreeSet<>();
        Set<String> instances = new TreeSet<>();
        for (Map.Entry<String, String> node : PAIR.entrySet()) {
            Map<String, Mount> mounts = mounts(node.getKey());
            Mount data = mounts.get("/var/lib/artemis-instance/data");
            assertThat(data).as("the shared store as data/ of %s", node.getKey()).isNotNull();
            assertThat(data.readOnly()).isFalse();
            stores.add(data.source());
            instances.add(mounts.get("/var/lib/artemis-instance").source());
            String entrypoint = service(node.getKey()).path("entrypoint").toString();
            assertThat(entrypoint).as("entrypoint of %s", node.getKey())
                    .contains("cat etc-override/broker-" + node.getValue() + ".properties")
                    .contains("> etc/broker.properties").contains("clusterPassword=")
                    .contains("$$ARTEMIS_CLUSTER_PASSWORD")
                    .contains("ln -sfn ../data/accounts/");
            assertThat(environment(node.getKey()).get("ARTEMIS_CLUSTER_PASSWORD"))
                    .isEqualTo("${ARTEMIS_CLUSTER_PASSWORD:?set ARTEMIS_CLUSTER_PASSWORD}");
            assertThat(BROKER_XML.resolveSibling("broker-" + node.getValue() + ".properties")).isRegularFile();
        }
        assertThat(stores).as("one store for both nodes").hasSize(1);
        assertThat(instances).as("an instance volume per node").hasSize(PAIR.size());
        assertThat(fieldNames(compose.path("volumes"))).containsAll(stores).containsAll(instances);
        JsonNode owner = service("artemis-store-owner");
        assertThat(owner.path("entrypoint").toString()).contains("chown");
        for (String node : PAIR.keySet()) {
            assertThat(service(node).path("depends_on").path("artemis-store-owner").path("condition").asText())
                    .isEqualTo("service_completed_successfully");
        }
    }

    /**
     * Each node's half: its shared-store role, and the connector of broker.xml it announces, which names its own
     * service on the acceptor's port; broker.xml's cluster connection reaches both; no cluster password committed.
     */
    @Test
    void eachNodeHasItsSharedStoreRoleAndAnnouncesItsOwnConnector() throws IOException {
        Element core = single(broker.getDocumentElement(), "core");
        assertThat(childText(core, "cluster-user")).isNotBlank();
        assertThat(childText(core, "cluster-password")).as("cluster-password in broker.xml").isNull();
        Map<String, URI> connectors = new LinkedHashMap<>();
        for (Element connector : elements(core, "connector")) {
            connectors.put(connector.getAttribute("name"), URI.create(connector.getTextContent().strip()));
        }
        Element cluster = single(core, "cluster-connection");
        String clusterName = cluster.getAttribute("name");
        Set<String> statics = new TreeSet<>();
        elements(single(cluster, "static-connectors"), "connector-ref").forEach(c -> statics.add(c.getTextContent()
                .strip()));
        assertThat(childText(cluster, "message-load-balancing")).as("one active node: nothing to balance")
                .isEqualTo("OFF");
        for (Map.Entry<String, String> node : PAIR.entrySet()) {
            Properties half = new Properties();
            try (InputStream in = Files.newInputStream(BROKER_XML.resolveSibling("broker-" + node.getValue()
                    + ".properties"))) {
                half.load(in);
            }
            assertThat(half.getProperty("HAPolicyConfiguration")).as("HA policy of %s", node.getKey())
                    .isEqualTo("SHARED_STORE_" + node.getValue().toUpperCase(Locale.ROOT));
            assertThat(half.getProperty("HAPolicyConfiguration.failoverOnServerShutdown")).isEqualTo("true");
            String own = half.getProperty("clusterConfigurations." + clusterName + ".connectorName");
            assertThat(connectors).as("connector %s of %s", own, node.getKey()).containsKey(own);
            assertThat(connectors.get(own).getHost()).isEqualTo(node.getKey());
            assertThat(connectors.get(own).getPort()).isEqualTo(acceptorUri().getPort());
            assertThat(statics).contains(own);
            assertThat(half.stringPropertyNames()).as("no password in %s's half", node.getKey())
                    .noneMatch(k -> k.toLowerCase(Locale.ROOT).contains("password"));
        }
        assertThat(Files.readString(BROKER_XML.resolveSibling("broker-backup.properties")))
                .contains("HAPolicyConfiguration.allowFailBack=true");
    }

    // ---------------------------------------------------------------- src/main/artemis/broker.xml

    @Test
    void brokerHasSecurityOnAndOneAcceptorForCoreAmqpAndStomp() {
        Element core = single(broker.getDocumentElement(), "core");
        assertThat(childText(core, "security-enabled")).isEqualTo("true");
        assertThat(childText(core, "populate-validated-user")).isEqualTo("true");
        assertThat(childText(core, "persistence-enabled")).isEqualTo("true");
        assertThat(childText(core, "id-cache-size")).isEqualTo("20000");
        assertThat(childText(core, "persist-id-cache")).isIn(null, "true");

        assertThat(elements(broker.getDocumentElement(), "acceptor")).hasSize(1);
        URI acceptor = acceptorUri();
        assertThat(acceptor.getHost()).isEqualTo("0.0.0.0");
        assertThat(acceptor.getPort()).isEqualTo(61616);
        Map<String, String> params = new LinkedHashMap<>();
        for (String param : acceptor.getRawQuery().split("[;&]")) {
            String[] kv = param.split("=", 2);
            params.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        assertThat(params.get("protocols").split(",")).contains("CORE", "AMQP", "STOMP");
        assertThat(publishedTargets("artemis")).contains(String.valueOf(acceptor.getPort()));
    }

    @Test
    void hubMayDoEverythingAndNoDepartmentRoleHasWildcardRights() {
        Map<String, Set<String>> root = permissions("#");
        assertThat(root.keySet()).containsExactlyInAnyOrderElementsOf(ALL_PERMISSIONS);
        root.forEach((type, roles) -> assertThat(roles).as(type).contains("hub").isSubsetOf("hub", "amq"));
        for (Element setting : elements(broker.getDocumentElement(), "security-setting")) {
            String match = setting.getAttribute("match");
            assertThat(match).as("a wildcard other than # could hand department roles other queues")
                    .satisfiesAnyOf(m -> assertThat(m).isEqualTo("#"), m -> assertThat(m).doesNotContain("#", "*"));
        }
    }

    @Test
    void everyDepartmentHasItsQueueThatOnlyItMayConsume() {
        Set<String> expectedQueues = new TreeSet<>();
        for (String code : departmentCodes) {
            String queue = "linkage.dept." + code;
            expectedQueues.add(queue);
            assertThat(anycastDurableQueues()).as("queue %s for department %s", queue, code).contains(queue);

            String role = "dept-" + code.toLowerCase(Locale.ROOT);
            Map<String, Set<String>> permissions = permissions(queue);
            assertThat(permissions).as("security-setting %s", queue).isNotEmpty();
            for (String type : ALL_PERMISSIONS) {
                Set<String> roles = permissions.getOrDefault(type, Set.of());
                assertThat(roles).as("%s on %s", type, queue).contains("hub").isSubsetOf("hub", role);
                if (type.equals("consume") || type.equals("browse")) {
                    assertThat(roles).as("%s on %s", type, queue).contains(role);
                } else {
                    assertThat(roles).as("%s on %s", type, queue).doesNotContain(role);
                }
            }
        }
        Set<String> brokerDepartmentQueues = anycastDurableQueues().stream().filter(q -> q.startsWith("linkage.dept."))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(brokerDepartmentQueues).as("department queues of broker.xml vs departments.yaml")
                .isEqualTo(expectedQueues);
    }

    @Test
    void deliveredNotificationsAndTrackingCopiesReachTheHubAsOnTheEmbeddedBroker() {
        Element plugin = elements(broker.getDocumentElement(), "broker-plugin").stream().filter(p -> p
                .getAttribute("class-name").endsWith(".NotificationActiveMQServerPlugin")).findFirst().orElseThrow();
        assertThat(elements(plugin, "property")).anySatisfy(p -> {
            assertThat(p.getAttribute("key")).isEqualTo("SEND_DELIVERED_NOTIFICATIONS");
            assertThat(p.getAttribute("value")).isEqualTo("true");
        });
        assertThat(anycastDurableQueues()).contains(Queues.TRACKING);
        Map<String, Element> diverts = new LinkedHashMap<>();
        elements(broker.getDocumentElement(), "divert").forEach(d -> diverts.put(childText(d, "address"), d));
        assertThat(diverts).containsKey(Queues.NOTIFICATIONS);
        assertThat(single(diverts.get(Queues.NOTIFICATIONS), "filter").getAttribute("string"))
                .isEqualTo(Queues.DELIVERED_FILTER);
        for (String code : departmentCodes) {
            Element divert = diverts.get(Queues.department(code));
            assertThat(divert).as("tracking divert of linkage.dept.%s", code).isNotNull();
            assertThat(childText(divert, "forwarding-address")).isEqualTo(Queues.TRACKING);
            assertThat(childText(divert, "exclusive")).isEqualTo("false");
        }
    }

    @Test
    void departmentsMaySendReceiptsAndFeedbackOnly() {
        for (String queue : List.of(Queues.RECEIPTS, Queues.FEEDBACK)) {
            assertThat(anycastDurableQueues()).contains(queue);
            assertSendOnly(queue, "department");
        }
        assertThat(queueFilter(Queues.RECEIPTS)).as("filter of queue %s: the inbox takes its messages", Queues.RECEIPTS)
                .isEqualTo(Queues.NO_MESSAGE);
        assertThat(queueFilter(Queues.FEEDBACK)).as("filter of queue %s", Queues.FEEDBACK).isNull();
    }

    @Test
    void onlyTheCreditSystemMayReadCreditRecordsAsOnTheEmbeddedBroker() {
        assertThat(anycastDurableQueues()).contains(Queues.CREDIT);
        Map<String, Set<String>> permissions = permissions(Queues.CREDIT);
        for (String type : ALL_PERMISSIONS) {
            Set<String> roles = permissions.getOrDefault(type, Set.of());
            if (type.equals("consume") || type.equals("browse")) {
                assertThat(roles).as("%s on %s", type, Queues.CREDIT).containsExactlyInAnyOrder("hub",
                        Queues.CREDIT_ROLE);
            } else {
                assertThat(roles).as("%s on %s", type, Queues.CREDIT).containsExactly("hub");
            }
        }
    }

    @Test
    void everyDepartmentHasItsReceiptsAddressThatOnlyItMaySendTo() {
        assertEveryDepartmentHasItsOwnAddress(Queues.DEPARTMENT_RECEIPTS_PREFIX);
    }

    @Test
    void everyDepartmentHasItsCasesAddressThatOnlyItMaySendTo() {
        assertEveryDepartmentHasItsOwnAddress(Queues.DEPARTMENT_CASES_PREFIX);
    }

    /** As on the embedded broker: one hub-only queue bound to the wildcard address takes every receipt. */
    @Test
    void theHubsReceiptsInboxTakesEveryReceiptsAddressByWildcardRouting() {
        assertWildcardInbox(Queues.RECEIPTS_WILDCARD, Queues.RECEIPTS_INBOX);
    }

    /** The same for cases; and no shared cases address: {@code linkage.cases} itself is the hub's alone. */
    @Test
    void theHubsCasesInboxTakesEveryCasesAddressByWildcardRouting() {
        assertWildcardInbox(Queues.CASES_WILDCARD, Queues.CASES_INBOX);
        String shared = Queues.DEPARTMENT_CASES_PREFIX.substring(0, Queues.DEPARTMENT_CASES_PREFIX.length() - 1);
        assertThat(permissions(shared)).as("security-setting of %s", shared).isEmpty();
        assertThat(anycastDurableQueues()).doesNotContain(shared);
    }

    /**
     * For each department of departments.yaml, and no other, the address {@code prefix + CODE}: its queue of the same
     * name takes no message (the hub's wildcard inbox takes them), and only the department's role may send there.
     */
    private static void assertEveryDepartmentHasItsOwnAddress(String prefix) {
        Set<String> expected = new TreeSet<>();
        for (String code : departmentCodes) {
            String address = prefix + code;
            expected.add(address);
            assertThat(anycastDurableQueues()).as("address %s for department %s", address, code).contains(address);
            assertThat(queueFilter(address)).as("filter of queue %s: the inbox takes its messages", address)
                    .isEqualTo(Queues.NO_MESSAGE);
            assertSendOnly(address, "dept-" + code.toLowerCase(Locale.ROOT));
        }
        Set<String> onBroker = anycastDurableQueues().stream().filter(q -> q.startsWith(prefix))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(onBroker).as("%s<CODE> addresses of broker.xml vs departments.yaml", prefix).isEqualTo(expected);
    }

    private static void assertWildcardInbox(String wildcard, String inboxName) {
        Element core = single(broker.getDocumentElement(), "core");
        List<Element> wildcards = elements(core, "wildcard-addresses");
        wildcards.forEach(w -> assertThat(childText(w, "routing-enabled")).as("wildcard routing").isIn(null, "true"));
        wildcards.forEach(w -> assertThat(childText(w, "any-words")).as("any-words").isIn(null, "#"));
        wildcards.forEach(w -> assertThat(childText(w, "delimiter")).as("delimiter").isIn(null, "."));

        Element inbox = elements(core, "address").stream().filter(a -> a.getAttribute("name")
                .equals(wildcard)).findFirst().orElseThrow(() -> new AssertionError(
                        "address " + wildcard + " in " + BROKER_XML));
        List<Element> queues = elements(single(inbox, "anycast"), "queue");
        assertThat(queues).hasSize(1);
        assertThat(queues.get(0).getAttribute("name")).isEqualTo(inboxName);
        assertThat(childText(queues.get(0), "durable")).isIn(null, "true");
        assertThat(elements(queues.get(0), "filter")).as("filter of the inbox").isEmpty();
        assertThat(permissions(wildcard)).as("security-setting of the wildcard address").isEmpty();
        assertThat(permissions(inboxName)).as("security-setting of the inbox").isEmpty();
    }

    /** Every permission on this address is the hub's; send is also {@code role}'s. */
    private static void assertSendOnly(String address, String role) {
        Map<String, Set<String>> permissions = permissions(address);
        for (String type : ALL_PERMISSIONS) {
            Set<String> roles = permissions.getOrDefault(type, Set.of());
            assertThat(roles).as("%s on %s", type, address).contains("hub");
            if (type.equals("send")) {
                assertThat(roles).as("send on %s", address).containsExactlyInAnyOrder("hub", role);
            } else {
                assertThat(roles).as("%s on %s", type, address).isSubsetOf("hub");
            }
        }
    }

    @Test
    void redeliveryDeadLettersAndAutoCreationAsOnTheEmbeddedBroker() {
        Element settings = elements(broker.getDocumentElement(), "address-setting").stream()
                .filter(e -> e.getAttribute("match").equals("#")).findFirst().orElseThrow();
        assertThat(childText(settings, "dead-letter-address")).isEqualTo("DLQ");
        assertThat(childText(settings, "auto-create-dead-letter-resources")).isEqualTo("true");
        assertThat(childText(settings, "expiry-address")).isEqualTo("ExpiryQueue");
        assertThat(childText(settings, "max-delivery-attempts")).isEqualTo("10");
        assertThat(childText(settings, "redelivery-delay")).isEqualTo("1000");
        assertThat(Double.parseDouble(childText(settings, "redelivery-delay-multiplier"))).isEqualTo(2.0);
        assertThat(childText(settings, "max-redelivery-delay")).isEqualTo("300000");
        assertThat(childText(settings, "auto-create-queues")).isEqualTo("true");
        assertThat(childText(settings, "auto-create-addresses")).isEqualTo("true");
        assertThat(childText(settings, "default-address-routing-type")).isEqualTo("ANYCAST");
        assertThat(childText(settings, "default-queue-routing-type")).isEqualTo("ANYCAST");
        assertThat(anycastDurableQueues()).contains("DLQ", "ExpiryQueue");
    }

    // ---------------------------------------------------------------- accounts

    @Test
    void rolesFileNamesEveryAccountAndNoPasswordIsCommitted() throws IOException {
        assertThat(BROKER_XML.resolveSibling("artemis-users.properties")).as("passwords are created at deploy time")
                .doesNotExist();
        Properties roles = new Properties();
        try (InputStream in = Files.newInputStream(ROLES)) {
            roles.load(in);
        }
        assertThat(users(roles, "amq")).contains(environment("artemis").get("ARTEMIS_USER"));
        assertThat(users(roles, "hub")).contains(environment("hub").get("SPRING_ARTEMIS_USER"));
        assertThat(users(roles, Queues.CREDIT_ROLE)).as("role credit").containsExactly(Queues.CREDIT_ROLE);
        assertThat(users(roles, "department")).as("the credit system is no department")
                .doesNotContain(Queues.CREDIT_ROLE);
        for (String code : departmentCodes) {
            String user = code.toLowerCase(Locale.ROOT);
            assertThat(users(roles, "dept-" + user)).as("role dept-%s", user).containsExactly(user);
            assertThat(users(roles, "department")).as("role department").contains(user);
        }
    }

    @Test
    void brokerXmlGivesTheProvisioningCommandOfEveryAccount() throws IOException {
        String commands = null;
        for (Node n = broker.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.PROCESSING_INSTRUCTION_NODE && n.getNodeName().equals("provisioning")) {
                commands = n.getNodeValue();
            }
        }
        assertThat(commands).as("processing instruction <?provisioning ...?> in broker.xml").isNotNull();
        List<String> adds = commands.lines().filter(l -> l.contains(" user add ")).toList();
        String hubUser = environment("hub").get("SPRING_ARTEMIS_USER");
        assertThat(adds).anyMatch(l -> l.contains("--user-command-user " + hubUser + " ") && l.endsWith("--role hub"));
        assertThat(adds).as("command adding broker user credit").anyMatch(l -> l.contains("--user-command-user "
                + Queues.CREDIT_ROLE + " ") && l.endsWith("--role " + Queues.CREDIT_ROLE));
        for (String code : departmentCodes) {
            String user = code.toLowerCase(Locale.ROOT);
            assertThat(adds).as("command adding broker user %s", user).anyMatch(l -> l.contains(
                    "--user-command-user " + user + " ") && l.endsWith("--role dept-" + user + ",department"));
        }
        for (String add : adds) {
            assertThat(add).as("passwords come from the shell's environment")
                    .containsPattern("--password \"\\$[A-Z_]+\" ")
                    .containsPattern("--user-command-password \"\\$[A-Z_]+\" ")
                    .contains("--user " + environment("artemis").get("ARTEMIS_USER") + " ");
        }
        // Artemis substitutes ${...} with system properties or environment variables before parsing
        assertThat(Files.readString(BROKER_XML)).doesNotContain("${");
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Environment-variable forms of the properties the hub binds: its own {@code @ConfigurationProperties} records,
     * Boot's datasource and Artemis properties, and every key of application.yaml.
     */
    private static List<Pattern> bindableVariables() throws IOException, IntrospectionException {
        Set<String> properties = new TreeSet<>();
        for (Class<?> type : List.of(LinkageProperties.class, SecurityProperties.class, ProjectApprovalProperties.class)) {
            collectRecord(prefix(type), type, properties);
        }
        for (Class<?> type : List.of(DataSourceProperties.class, ArtemisProperties.class)) {
            for (PropertyDescriptor p : Introspector.getBeanInfo(type).getPropertyDescriptors()) {
                if (p.getReadMethod() != null && p.getWriteMethod() != null) {
                    properties.add(prefix(type) + "." + kebab(p.getName()));
                }
            }
        }
        collectYaml("", YAML.readTree(APPLICATION_YAML.toFile()), properties);
        assertThat(properties).contains("linkage.sources.project-approval.secret", "linkage.config-dir",
                "linkage.security.users.*.password", "linkage.security.department-tokens.*", "spring.datasource.url",
                "spring.artemis.broker-url", "spring.artemis.embedded.enabled");
        return properties.stream().map(ComposeTopologyTest::variablePattern).toList();
    }

    /** The canonical (kebab-case) form of a Java property name: {@code configDir} is {@code config-dir}. */
    private static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /**
     * Spring Boot's relaxed binding from environment variables: dots become underscores, dashes go (or, the legacy
     * form Boot also reads, become underscores), upper case; a * is a map key.
     */
    private static Pattern variablePattern(String property) {
        String[] parts = property.split("\\.");
        List<String> regex = new ArrayList<>();
        for (String part : parts) {
            String upper = part.toUpperCase(Locale.ROOT);
            regex.add(part.equals("*") ? "[A-Z0-9]+"
                    : "(?:" + Pattern.quote(upper.replace("-", "")) + "|" + Pattern.quote(upper.replace('-', '_')) + ")");
        }
        return Pattern.compile(String.join("_", regex));
    }

    private static String prefix(Class<?> type) {
        ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
        assertThat(annotation).as("@ConfigurationProperties on %s", type).isNotNull();
        return annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
    }

    private static void collectRecord(String prefix, Class<?> type, Set<String> out) {
        for (RecordComponent component : type.getRecordComponents()) {
            collectType(prefix + "." + kebab(component.getName()), component.getType(), component.getGenericType(),
                    out);
        }
    }

    private static void collectType(String name, Class<?> type, Type generic, Set<String> out) {
        if (type.isRecord()) {
            collectRecord(name, type, out);
        } else if (Map.class.isAssignableFrom(type) && generic instanceof ParameterizedType map) {
            Type value = map.getActualTypeArguments()[1];
            Class<?> valueClass = value instanceof Class<?> c ? c
                    : value instanceof ParameterizedType p ? (Class<?>) p.getRawType() : Object.class;
            collectType(name + ".*", valueClass, value, out);
        } else {
            out.add(name);
        }
    }

    private static void collectYaml(String path, JsonNode node, Set<String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                collectYaml(path.isEmpty() ? field.getKey() : path + "." + field.getKey(), field.getValue(), out);
            }
        } else {
            out.add(path);
        }
    }

    private static Map<String, JsonNode> services() {
        Map<String, JsonNode> services = new LinkedHashMap<>();
        compose.path("services").fields().forEachRemaining(e -> services.put(e.getKey(), e.getValue()));
        return services;
    }

    private static JsonNode service(String name) {
        JsonNode service = compose.path("services").path(name);
        assertThat(service.isObject()).as("service %s", name).isTrue();
        return service;
    }

    /** A service's environment, from either the map or the list form. */
    private static Map<String, String> environment(String name) {
        JsonNode env = service(name).path("environment");
        Map<String, String> result = new LinkedHashMap<>();
        if (env.isArray()) {
            env.forEach(e -> {
                String[] kv = e.asText().split("=", 2);
                result.put(kv[0], kv.length > 1 ? kv[1] : null);
            });
        } else {
            env.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        }
        return result;
    }

    private record Mount(String source, String target, boolean readOnly) {
    }

    /** A service's volumes by target, from either the short or the long syntax. */
    private static Map<String, Mount> mounts(String name) {
        Map<String, Mount> mounts = new LinkedHashMap<>();
        for (JsonNode volume : service(name).path("volumes")) {
            Mount mount;
            if (volume.isTextual()) {
                String[] parts = volume.asText().split(":");
                mount = new Mount(parts[0], parts[1], parts.length > 2 && Arrays.asList(parts[2].split(",")).contains("ro"));
            } else {
                mount = new Mount(volume.path("source").asText(), volume.path("target").asText(),
                        volume.path("read_only").asBoolean(false));
            }
            mounts.put(mount.target(), mount);
        }
        return mounts;
    }

    private static String hostIp(JsonNode port) {
        if (port.isObject()) {
            return port.path("host_ip").asText("");
        }
        String[] parts = port.asText().split(":");
        return parts.length == 3 ? parts[0] : "";
    }

    private static Set<String> publishedTargets(String name) {
        Set<String> targets = new LinkedHashSet<>();
        for (JsonNode port : service(name).path("ports")) {
            if (port.isObject()) {
                targets.add(port.path("target").asText());
            } else {
                String[] parts = port.asText().split(":");
                targets.add(parts[parts.length - 1].replaceAll("/.*", ""));
            }
        }
        return targets;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> users(Properties roles, String role) {
        String users = roles.getProperty(role);
        assertThat(users).as("role %s in %s", role, ROLES).isNotNull();
        return Arrays.stream(users.split(",")).map(String::strip).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The raw bytes go to the parser, so it honours the prolog's encoding; no DTD, no external entity. */
    private static Document parseXml(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        try (InputStream in = Files.newInputStream(file)) {
            return factory.newDocumentBuilder().parse(in);
        }
    }

    private static List<Element> elements(Element parent, String localName) {
        NodeList nodes = parent.getElementsByTagNameNS(CORE_NS, localName);
        List<Element> result = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            result.add((Element) nodes.item(i));
        }
        return result;
    }

    private static Element single(Element parent, String localName) {
        List<Element> found = elements(parent, localName);
        assertThat(found).as("<%s>", localName).hasSize(1);
        return found.get(0);
    }

    /** The text of a direct child element, or null. */
    private static String childText(Element parent, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                return e.getTextContent().strip();
            }
        }
        return null;
    }

    private static URI acceptorUri() {
        return URI.create(single(broker.getDocumentElement(), "acceptor").getTextContent().strip());
    }

    /** Permission type to roles of the security-setting with exactly this match; empty when there is none. */
    private static Map<String, Set<String>> permissions(String match) {
        List<Element> settings = elements(broker.getDocumentElement(), "security-setting").stream()
                .filter(e -> e.getAttribute("match").equals(match)).toList();
        assertThat(settings).as("security-setting match=%s", match).hasSizeLessThanOrEqualTo(1);
        Map<String, Set<String>> permissions = new LinkedHashMap<>();
        for (Element setting : settings) {
            for (Element permission : elements(setting, "permission")) {
                permissions.computeIfAbsent(permission.getAttribute("type"), t -> new TreeSet<>())
                        .addAll(Arrays.stream(permission.getAttribute("roles").split(",")).map(String::strip).toList());
            }
        }
        return permissions;
    }

    /** The filter of the queue of this name in {@code <addresses>}, or null when it has none. */
    private static String queueFilter(String name) {
        List<Element> queues = elements(broker.getDocumentElement(), "queue").stream()
                .filter(q -> q.getAttribute("name").equals(name)).toList();
        assertThat(queues).as("queue %s", name).hasSize(1);
        List<Element> filters = elements(queues.get(0), "filter");
        return filters.isEmpty() ? null : filters.get(0).getAttribute("string");
    }

    /** Durable anycast queues of {@code <addresses>}, each on the address of the same name. */
    private static Set<String> anycastDurableQueues() {
        Set<String> queues = new TreeSet<>();
        for (Element address : elements(broker.getDocumentElement(), "address")) {
            for (Element anycast : elements(address, "anycast")) {
                for (Element queue : elements(anycast, "queue")) {
                    String durable = childText(queue, "durable");
                    if (queue.getAttribute("name").equals(address.getAttribute("name"))
                            && (durable == null || durable.equals("true"))) {
                        queues.add(queue.getAttribute("name"));
                    }
                }
            }
        }
        return queues;
    }
}
