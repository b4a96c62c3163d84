package org.linkagehub.platform.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %maskedMsg}: the formatted log message with natural persons' ID and mobile numbers
 * masked by {@link PersonalDataMasker}. {@code logback-spring.xml} also binds {@code %m},
 * {@code %msg} and {@code %message} to it, so a pattern that uses the standard words is masked
 * too.
 */
public class MaskingMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return PersonalDataMasker.mask(super.convert(event));
    }

}
