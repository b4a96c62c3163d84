package org.linkagehub;

import java.util.Arrays;
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
        if (args.length > 0 && args[0].equals(MappingTestCommand.NAME)) {
            System.exit(MappingTestCommand.run(Arrays.asList(args).subList(1, args.length), System.out, System.err));
        }
        SpringApplication.run(LinkageHubApplication.class, args);
    }
}
