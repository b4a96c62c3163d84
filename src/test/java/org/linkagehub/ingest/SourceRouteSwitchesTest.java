package org.linkagehub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.support.PatternHelper;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class SourceRouteSwitchesTest {

    @Test
    void anSftpRouteStaysStoppedUntilItsHostIsSetAndAnInboxRouteWhileItsSourceIsDisabled() {
        MockEnvironment env = new MockEnvironment().withProperty("linkage.sources.oa.enabled", "true")
                .withProperty("linkage.sources.oa.sftp.port", "22")
                .withProperty("linkage.sources.plant.enabled", "false")
                .withProperty("linkage.sources.plant.sftp.host", "sftp.plant.example");
        new SourceRouteSwitches().postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty(SourceRouteSwitches.PATTERN)).isEqualTo(".*-demo,oa-sftp,plant-inbox");
    }

    @Test
    void theDemoPatternStopsEveryRouteWhoseIdEndsInDemo() {
        assertThat(PatternHelper.matchPattern("investment-demo", ".*-demo")).isTrue();
        assertThat(PatternHelper.matchPattern("investment-inbox", ".*-demo")).isFalse();
    }

    @Test
    void aDemoRouteStartsOnlyWithTheSimulators() {
        MockEnvironment env = new MockEnvironment().withProperty("linkage.demo.simulators", "true")
                .withProperty("linkage.sources.oa.sftp.host", "127.0.0.1");
        new SourceRouteSwitches().postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty(SourceRouteSwitches.PATTERN)).isNull();
    }

    @Test
    void aHostAddedAfterStartCountsWhenThePatternIsRead() {
        MockEnvironment env = new MockEnvironment().withProperty("linkage.sources.oa.inbox", "data/inbox/oa");
        new SourceRouteSwitches().postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty(SourceRouteSwitches.PATTERN)).isEqualTo(".*-demo,oa-sftp");
        env.setProperty("linkage.sources.oa.sftp.host", "127.0.0.1");
        assertThat(env.getProperty(SourceRouteSwitches.PATTERN)).isEqualTo(".*-demo");
    }

    @Test
    void anExplicitPatternWins() {
        MockEnvironment env = new MockEnvironment().withProperty(SourceRouteSwitches.PATTERN, "nightly-*")
                .withProperty("linkage.sources.oa.inbox", "data/inbox/oa");
        new SourceRouteSwitches().postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty(SourceRouteSwitches.PATTERN)).isEqualTo("nightly-*");
    }
}
