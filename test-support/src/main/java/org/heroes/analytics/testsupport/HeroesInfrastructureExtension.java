package org.heroes.analytics.testsupport;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts {@link HeroesInfrastructure} (once per JVM) before a test class runs: {@code
 * @ExtendWith(HeroesInfrastructureExtension.class)}.
 */
public class HeroesInfrastructureExtension implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        HeroesInfrastructure.get();
    }
}
