package org.heroes.analytics.testsupport;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.sql.DataSource;

/** Small connection pools, one per role, made on first use and closed before the cluster stops. */
final class RoleDataSources {

    private static final int MAX_POOL_SIZE = 4;

    private final Map<DbRole, HikariDataSource> pools = new ConcurrentHashMap<>();
    private final Function<DbRole, HikariConfig> configs;

    RoleDataSources(Function<DbRole, HikariConfig> configs) {
        this.configs = configs;
    }

    DataSource of(DbRole role) {
        return pools.computeIfAbsent(role, r -> {
            HikariConfig config = configs.apply(r);
            config.setPoolName("heroes-test-" + r.name().toLowerCase(java.util.Locale.ROOT));
            config.setMaximumPoolSize(MAX_POOL_SIZE);
            config.setMinimumIdle(0);
            return new HikariDataSource(config);
        });
    }

    void closeAll() {
        pools.values().forEach(HikariDataSource::close);
        pools.clear();
    }
}
