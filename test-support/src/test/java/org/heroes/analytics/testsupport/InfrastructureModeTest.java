package org.heroes.analytics.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code -Dheroes.infrastructure} chooses what {@link HeroesInfrastructure} starts: local processes (the default), the
 * project's images in containers, or local processes with a Citus cluster as the database (the Citus profile sets it).
 */
class InfrastructureModeTest {

    private final String before = System.getProperty(ContainerInfrastructure.PROPERTY);

    @AfterEach
    void restoreTheProperty() {
        if (before == null) {
            System.clearProperty(ContainerInfrastructure.PROPERTY);
        } else {
            System.setProperty(ContainerInfrastructure.PROPERTY, before);
        }
    }

    @Test
    void withoutThePropertyTheInfrastructureIsLocalProcessesWithOnePostgresql() {
        System.clearProperty(ContainerInfrastructure.PROPERTY);

        assertThat(ContainerInfrastructure.selected()).isFalse();
        assertThat(HeroesInfrastructure.citusRequested()).isFalse();
    }

    @Test
    void containersSelectsTheContainersPath() {
        System.setProperty(ContainerInfrastructure.PROPERTY, "containers");

        assertThat(ContainerInfrastructure.selected()).isTrue();
        assertThat(HeroesInfrastructure.citusRequested()).isFalse();
    }

    @Test
    void citusIsLocalProcessesWithACitusClusterNotARefusedMode() {
        System.setProperty(ContainerInfrastructure.PROPERTY, "citus");

        assertThat(ContainerInfrastructure.selected()).isFalse();
        assertThat(HeroesInfrastructure.citusRequested()).isTrue();
    }

    @Test
    void anUnknownModeIsRefused() {
        System.setProperty(ContainerInfrastructure.PROPERTY, "kubernetes");

        assertThatThrownBy(ContainerInfrastructure::selected)
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("not kubernetes");
    }
}
