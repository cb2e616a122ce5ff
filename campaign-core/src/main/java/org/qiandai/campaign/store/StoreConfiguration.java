package org.qiandai.campaign.store;

import java.nio.file.Path;

import com.mongodb.ConnectionString;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Chooses the store. {@code spring.mongodb.uri} wins (Spring Boot handles it); else env {@code MONGODB_URI};
 * else an embedded server on {@code <qiandai.data-dir>/qiandai.mv.db}, so that one command runs everything
 * ({@code qiandai.store.in-memory=true} keeps the embedded store in memory: for tests and throw-away trials).
 */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

    static final String DATABASE = "qiandai";

    @Bean
    @Conditional(StoreConditions.MongoUriFromEnvironment.class)
    MongoConnectionDetails mongoUriConnectionDetails(Environment environment) {
        ConnectionString uri = new ConnectionString(environment.getRequiredProperty("MONGODB_URI"));
        ConnectionString withDatabase = uri.getDatabase() != null ? uri : new ConnectionString(insertDatabase(uri.getConnectionString()));
        return () -> withDatabase;
    }

    @Bean(destroyMethod = "close")
    @Conditional(StoreConditions.NoMongoConfigured.class)
    EmbeddedMongoStore embeddedMongoStore(Environment environment) {
        if (environment.getProperty("qiandai.store.in-memory", Boolean.class, false)) {
            return EmbeddedMongoStore.inMemory();
        }
        Path dataDir = Path.of(environment.getProperty("qiandai.data-dir", "./data"));
        return EmbeddedMongoStore.onFile(dataDir.resolve("qiandai.mv.db"));
    }

    @Bean
    @Conditional(StoreConditions.NoMongoConfigured.class)
    MongoConnectionDetails embeddedConnectionDetails(EmbeddedMongoStore store) {
        ConnectionString uri = new ConnectionString(store.connectionString(DATABASE));
        return () -> uri;
    }

    /** Puts the default database name into a URI that names none: {@code mongodb://h1,h2/?rs=x} to {@code mongodb://h1,h2/qiandai?rs=x}. */
    static String insertDatabase(String uri) {
        int schemeEnd = uri.indexOf("://") + 3;
        int slash = uri.indexOf('/', schemeEnd);
        int query = uri.indexOf('?', schemeEnd);
        if (slash < 0) {
            return query < 0 ? uri + "/" + DATABASE : uri.substring(0, query) + "/" + DATABASE + uri.substring(query);
        }
        return uri.substring(0, slash + 1) + DATABASE + uri.substring(slash + 1);
    }
}
