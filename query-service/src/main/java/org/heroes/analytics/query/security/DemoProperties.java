package org.heroes.analytics.query.security;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The one-click demo sign-in of the {@code local} profile ({@code heroes.query.demo.*}); unused in any other profile.
 *
 * @param facilitatorId whom the demo token is for; by default the first facilitator {@code scripts/demo.sh}
 *     ({@code cli simulate-term}, default seed) creates
 * @param tokenTtl how long a demo token lives; 12 hours by default
 */
@Validated
@ConfigurationProperties("heroes.query.demo")
record DemoProperties(
        @NotNull @DefaultValue("955f00bb-6b4c-4abe-9e5e-754961c18898")
        UUID facilitatorId,

        @NotNull @DefaultValue("12h") Duration tokenTtl) {}
