package org.linkagehub.departments;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.linkagehub.platform.ConfigFiles;
import org.linkagehub.platform.LinkageProperties;

/** A department's broker password is looked up when it is needed, so one a reload adds later has its own too. */
class CredentialsTest {

    private final DepartmentRegistry registry = new DepartmentRegistry(
            new ConfigFiles(new LinkageProperties(Path.of("data"), null, null, null)));

    @Test
    void aConfiguredPasswordWinsAndDemoCredentialsCoverDepartmentsAddedLater() {
        Credentials demo = new Credentials(new SecurityProperties(Map.of(), Map.of(), Map.of("zj", "secret-zj",
                "XQ", "secret-xq"), true), registry);
        assertThat(demo.brokerPassword("ZJ")).isEqualTo("secret-zj");
        assertThat(demo.brokerPassword("YJ")).isEqualTo("demo-yj");
        assertThat(demo.brokerPassword("XQ")).as("configured ahead of the reload that adds it").isEqualTo("secret-xq");
        assertThat(demo.brokerPassword("XR")).isEqualTo("demo-xr");

        Credentials production = new Credentials(new SecurityProperties(Map.of(), Map.of(), Map.of("XQ", "secret-xq"),
                false), registry);
        assertThat(production.brokerPassword("XQ")).isEqualTo("secret-xq");
        assertThat(production.brokerPassword("YJ")).as("no password, no broker account").isNull();
    }

    @Test
    void aTokenCountsWhileItsDepartmentIsInForceAndAConfiguredOneReplacesTheDemoOne() {
        Credentials demo = new Credentials(new SecurityProperties(Map.of(), Map.of("ZJ", "zj-secret-token",
                "XQ", "xq-token-ahead"), Map.of(), true), registry);
        assertThat(demo.departmentOfToken("zj-secret-token")).contains("ZJ");
        assertThat(demo.departmentOfToken("demo-zj")).as("a configured token replaces the demo one").isEmpty();
        assertThat(demo.departmentOfToken("demo-yj")).contains("YJ");
        assertThat(demo.departmentOfToken("xq-token-ahead")).as("XQ is not in the table in force").isEmpty();
        assertThat(demo.departmentOfToken("demo-xr")).isEmpty();
        assertThat(demo.laterDemoUser("yj")).isPresent();
        assertThat(demo.laterDemoUser("xr")).isEmpty();

        Credentials production = new Credentials(new SecurityProperties(Map.of(), Map.of("ZJ", "zj-secret-token"),
                Map.of(), false), registry);
        assertThat(production.departmentOfToken("demo-yj")).isEmpty();
        assertThat(production.laterDemoUser("yj")).isEmpty();
    }
}
