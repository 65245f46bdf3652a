package org.heroes.analytics.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TopicTest {

    @Test
    void everyTopicOfTheCodeHasItsSettingsAndItsDeadLetterTopic() {
        assertThat(Topic.all(90).keySet())
                .containsExactlyElementsOf(Arrays.stream(Topic.values())
                        .flatMap(t -> java.util.stream.Stream.of(t.topicName(), t.deadLetterTopicName()))
                        .toList());
    }

    @Test
    void eventTopicsKeepTheWindowAndTheRosterIsCompacted() {
        assertThat(Topic.ANALYTICS.configs(90))
                .containsEntry("cleanup.policy", "delete")
                .containsEntry("retention.ms", "7776000000");
        assertThat(Topic.ROSTER.configs(90)).containsExactlyEntriesOf(java.util.Map.of("cleanup.policy", "compact"));
    }

    @Test
    void deadLettersKeepThirtyDaysAndNeverOutliveTheRecordsTheyCopy() {
        // a dead letter is a copy of a consumed record, a child's comment included: a month to fix and redrive,
        // and never longer than the source topic keeps the original (a shorter window bounds it)
        assertThat(Topic.ROSTER.deadLetterConfigs(90))
                .containsEntry("cleanup.policy", "delete")
                .containsEntry("retention.ms", "2592000000");
        assertThat(Topic.FEEDBACK.deadLetterConfigs(400)).containsEntry("retention.ms", "2592000000");
        assertThat(Topic.ANALYTICS.deadLetterConfigs(7)).containsEntry("retention.ms", "604800000");
        for (Topic topic : Topic.values()) {
            for (int window : new int[] {1, 30, 90, 365, 36_500}) {
                long kept = Long.parseLong(topic.deadLetterConfigs(window).get("retention.ms"));
                assertThat(kept)
                        .as("%s with a window of %d days", topic.deadLetterTopicName(), window)
                        .isLessThanOrEqualTo(30L * 86_400_000L)
                        .isLessThanOrEqualTo(window * 86_400_000L);
            }
        }
    }

    @Test
    void theWindowIsReadFromItsSettingWithTheDefaultWhenUnset() {
        assertThat(Topic.retentionDays(null)).isEqualTo(90);
        assertThat(Topic.retentionDays(" ")).isEqualTo(90);
        assertThat(Topic.retentionDays("180")).isEqualTo(180);
        assertThatThrownBy(() -> Topic.retentionDays("0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HEROES_KAFKA_RETENTION_DAYS");
        assertThatThrownBy(() -> Topic.retentionDays("a week"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive whole number of days");
    }
}
