package org.linkagehub.ingest;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The project-approval platform (工程建设项目审批管理系统), {@code linkage.sources.project-approval.*}.
 *
 * @param secret       the shared HMAC-SHA256 secret; without it the webhook is DISABLED
 * @param window       how far a request's timestamp may be from now (the platform's rule: 5 minutes)
 * @param maxBodySize  larger bodies are refused (413) and kept truncated in quarantine
 */
@ConfigurationProperties("linkage.sources.project-approval")
public record ProjectApprovalProperties(String secret, @DefaultValue("PT5M") Duration window,
        @DefaultValue("1MB") DataSize maxBodySize) {

    public boolean enabled() {
        return secret != null && !secret.isBlank();
    }
}
