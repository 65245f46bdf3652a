package org.heroes.analytics.observability.sql;

import javax.sql.DataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Wraps every {@code DataSource} bean of a service in the {@link StatementLog}, so that the aggregator and
 * query-service log their statements the same way without a line of their own. The wrapper delegates {@code
 * unwrap}, so Boot's pool metrics and health check still find the Hikari pool behind it.
 */
@AutoConfiguration
@ConditionalOnClass(ProxyDataSourceBuilder.class)
@ConditionalOnBooleanProperty(name = "heroes.db.statement-log.enabled", matchIfMissing = true)
@EnableConfigurationProperties(StatementLogProperties.class)
public class StatementLogAutoConfiguration {

    @Bean
    static BeanPostProcessor statementLogDataSourceWrapper(ObjectProvider<StatementLogProperties> properties) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof DataSource dataSource) {
                    return new StatementLog(properties.getObject()).wrap(beanName, dataSource);
                }
                return bean;
            }
        };
    }
}
