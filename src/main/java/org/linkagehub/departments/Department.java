package org.linkagehub.departments;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A supervising department.
 *
 * @param channel how its own system receives feeds today: {@code queue}, {@code http} or {@code browser}
 * @param role    {@code approval-bureau} or {@code oversight} for the two special departments, else empty
 */
public record Department(@JsonProperty(required = true) String code, @JsonProperty(required = true) String name,
        @JsonProperty(required = true) String channel, String role) {

    /** Broker user name of the department: its code in lower case. */
    public String brokerUser() {
        return code.toLowerCase(Locale.ROOT);
    }
}
