package org.linkagehub;

import java.util.TimeZone;

import org.linkagehub.platform.BeijingTime;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class LinkageHubApplication {

    public static void main(String[] args) {
        // the platforms, the working days and the operators all live on Beijing time
        TimeZone.setDefault(TimeZone.getTimeZone(BeijingTime.ZONE));
        SpringApplication.run(LinkageHubApplication.class, args);
    }
}
