package io.lightcloud.server.database;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps the pooled connections of the embedded H2 database open for the life of the controller.
 *
 * <p>H2 2.x binds a check constraint of the form {@code col IN (...)} to the session that created it. After a fresh
 * database's migrations that is one of the pool's connections; once Hikari retires it ({@code max-lifetime}, 30
 * minutes by default), every insert into such a table fails with "Check constraint invalid ... The database has
 * been closed". An embedded database has no network in between, so retiring its connections gains nothing.
 */
@Configuration(proxyBeanMethods = false)
public class EmbeddedH2Connections {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedH2Connections.class);

    @Bean
    static BeanPostProcessor embeddedH2ConnectionLifetime() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof HikariDataSource pool && pool.getJdbcUrl() != null
                        && pool.getJdbcUrl().startsWith("jdbc:h2:")) {
                    pool.setMaxLifetime(0);
                    LOG.debug("embedded H2: pooled connections are never retired");
                }
                return bean;
            }
        };
    }
}
