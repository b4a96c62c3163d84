package org.linkagehub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.camel.component.file.remote.SftpComponent;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The {@code camel.component.*} options the two starters used to bind reach the core jars' components. */
class CamelComponentOptionsTest {

    @Test
    void bindsJmsAndSftpOptionsInEitherSpelling() throws Exception {
        MockEnvironment env = new MockEnvironment()
                .withProperty("camel.component.jms.concurrent-consumers", "3")
                .withProperty("camel.component.jms.receiveTimeout", "2500")
                .withProperty("camel.component.jms.enabled", "true")
                .withProperty("camel.component.sftp.bridge-error-handler", "true");
        try (DefaultCamelContext context = context(env)) {
            JmsComponent jms = context.getComponent("jms", JmsComponent.class);
            assertThat(jms.getConfiguration().getConcurrentConsumers()).isEqualTo(3);
            assertThat(jms.getConfiguration().getReceiveTimeout()).isEqualTo(2500);
            assertThat(context.getComponent("sftp", SftpComponent.class).isBridgeErrorHandler()).isTrue();
        }
    }

    @Test
    void withNothingSetTheComponentsKeepCamelsDefaults() throws Exception {
        try (DefaultCamelContext context = context(new MockEnvironment())) {
            assertThat(context.getComponent("jms", JmsComponent.class).getConfiguration().getConcurrentConsumers())
                    .isEqualTo(new JmsComponent().getConfiguration().getConcurrentConsumers());
        }
    }

    @Test
    void aMisspeltOptionStopsTheStartNamingIt() throws Exception {
        MockEnvironment env = new MockEnvironment().withProperty("camel.component.jms.concurent-consumers", "3");
        try (DefaultCamelContext context = context(env)) {
            assertThatThrownBy(() -> context.getComponent("jms")).hasStackTraceContaining("concurentConsumers");
        }
    }

    private static DefaultCamelContext context(MockEnvironment env) {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getRegistry().bind("options", new CamelComponentOptions().componentOptionsFromEnvironment(env));
        return context;
    }
}
