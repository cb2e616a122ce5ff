package org.qiandai.campaign.store;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Which store to use, read from the environment before any bean exists. */
final class StoreConditions {

    private StoreConditions() {
    }

    static boolean springUriSet(Environment env) {
        return hasText(env.getProperty("spring.mongodb.uri"));
    }

    static boolean envUriSet(Environment env) {
        return hasText(env.getProperty("MONGODB_URI"));
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }

    /** {@code MONGODB_URI} is set and {@code spring.mongodb.uri} is not. */
    static final class MongoUriFromEnvironment implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return envUriSet(context.getEnvironment()) && !springUriSet(context.getEnvironment());
        }
    }

    /** Neither {@code MONGODB_URI} nor {@code spring.mongodb.uri} is set: start the embedded server. */
    static final class NoMongoConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !envUriSet(context.getEnvironment()) && !springUriSet(context.getEnvironment());
        }
    }
}
