package org.heroes.analytics.store.batch;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which writer schemas the consumer reads ({@code aggregator.schemas.*}). By default exactly the
 * versions published in the {@code schemas} module.
 *
 * @param extraDir a folder of extra writer schemas ({@code *.avsc}), for producers that already write
 *     a version this build has not published ({@code HEROES_EXTRA_SCHEMAS_DIR}; blank for none). Each
 *     must be a version of one of the records that the newest schema reads, or the service does not
 *     start. The lasting fix is to publish the version in {@code schemas}; see
 *     {@code SchemaHistory#load(java.nio.file.Path)}.
 */
@ConfigurationProperties("aggregator.schemas")
record SchemaProperties(@DefaultValue("") String extraDir) {

    boolean hasExtraDir() {
        return extraDir != null && !extraDir.isBlank();
    }
}
