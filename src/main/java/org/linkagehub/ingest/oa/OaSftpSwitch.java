package org.linkagehub.ingest.oa;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.util.StringUtils;

/**
 * Sets {@code linkage.sources.oa.sftp.active} to whether {@code linkage.sources.oa.sftp.host} is set: a route's
 * {@code autoStartup} placeholder needs a boolean, and "the SFTP folder is polled when a host is configured" is
 * the rule operators are told.
 */
public class OaSftpSwitch implements EnvironmentPostProcessor {

    static final String ACTIVE = "linkage.sources.oa.sftp.active";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        // asked when read, so a host added after this point (a test's dynamic property) still counts
        environment.getPropertySources().addLast(new PropertySource<Object>("oaSftpSwitch") {
            @Override
            public Object getProperty(String name) {
                return ACTIVE.equals(name)
                        ? Boolean.toString(StringUtils.hasText(environment.getProperty("linkage.sources.oa.sftp.host")))
                        : null;
            }
        });
    }
}
