package org.heroes.analytics.schemas;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetentionFloorTest {

    @Test
    void anAgeBelowThirtyDaysIsRefusedNamingTheAgeTheFloorAndTheOverride() {
        assertThatThrownBy(() -> RetentionFloor.check(Duration.ofDays(29), false, "AGE", "OVERRIDE=true"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the retention age AGE is 29 days (P29D), below the floor of 30 days: raw events older"
                        + " than that would be deleted for good at the next retention run. If that is meant, set"
                        + " OVERRIDE=true");
    }

    @Test
    void hoursTypedForDaysAreRefusedAsTheyWereTyped() {
        assertThatThrownBy(() -> RetentionFloor.check(Duration.ofHours(400), false, "AGE", "OVERRIDE"))
                .hasMessageContaining("is PT400H, below the floor of 30 days");
    }

    @Test
    void theOverrideTakesAnyPositiveAgeAndThirtyDaysNeedNone() {
        assertThatCode(() -> RetentionFloor.check(Duration.ofHours(1), true, "AGE", "OVERRIDE"))
                .doesNotThrowAnyException();
        assertThatCode(() -> RetentionFloor.check(RetentionFloor.MINIMUM, false, "AGE", "OVERRIDE"))
                .doesNotThrowAnyException();
    }
}
