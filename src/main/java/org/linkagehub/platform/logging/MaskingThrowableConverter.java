package org.linkagehub.platform.logging;

import ch.qos.logback.classic.pattern.ExtendedThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.CoreConstants;

/**
 * {@code %maskedEx}: the stack trace (messages of the exception, its causes and suppressed
 * exceptions, which can carry values) with natural persons' ID and mobile numbers masked by
 * {@link PersonalDataMasker}.
 * <p>
 * It looks like Spring Boot's default {@code %wEx}
 * ({@code ExtendedWhitespaceThrowableProxyConverter}): extended (packaging data when enabled)
 * and surrounded by line separators. Options are those of {@code %ex}, e.g.
 * {@code %maskedEx{short}}. {@code logback-spring.xml} also binds {@code %wEx} and {@code %wex}
 * to it.
 */
public class MaskingThrowableConverter extends ExtendedThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy tp) {
        return CoreConstants.LINE_SEPARATOR + PersonalDataMasker.mask(super.throwableProxyToString(tp))
                + CoreConstants.LINE_SEPARATOR;
    }

}
