package org.qiandai.campaign.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.qiandai.campaign.contacts.DoNotContactAdded;
import org.qiandai.campaign.contacts.PhoneCrypto;
import org.qiandai.campaign.store.StoreDurability;
import org.qiandai.campaign.support.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/** The retention service, its schedule, and erasure on opt-out when configured. */
@Configuration(proxyBeanMethods = false)
class RetentionConfiguration {

    @Bean
    DataRetention dataRetention(MongoTemplate mongo, PhoneCrypto crypto, StoreDurability durability, Environment env, Clock clock) {
        return new DataRetention(mongo, crypto, durability, RetentionSettings.from(env), clock);
    }

    /** Runs retention at each time of {@code qiandai.retention.schedule} (bureau zone) while an age is set. */
    @Component
    static class RetentionSchedule implements SmartLifecycle {

        private static final Logger log = LoggerFactory.getLogger(RetentionSchedule.class);

        private final DataRetention retention;
        private final Clock clock;
        private final ZoneId zone;
        private ScheduledExecutorService executor;

        RetentionSchedule(DataRetention retention, Clock clock, Environment env) {
            this.retention = retention;
            this.clock = clock;
            this.zone = ZoneId.of(env.getProperty("qiandai.zone", "Asia/Shanghai"));
        }

        @Override
        public synchronized void start() {
            RetentionSettings s = retention.settings();
            if (s.schedule() == null || (s.contacts() == null && s.deliveries() == null)) {
                return;
            }
            executor = DaemonThreads.scheduler("retention");
            scheduleNext();
            log.info("Retention: contacts {}, delivery records {}, on schedule '{}' ({})", s.contacts() == null ? "kept" : s.contacts(),
                    s.deliveries() == null ? "kept" : s.deliveries(), s.schedule(), zone);
        }

        private void scheduleNext() {
            ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
            ZonedDateTime next = retention.settings().schedule().next(now);
            if (next == null) {
                return;
            }
            executor.schedule(() -> {
                try {
                    retention.run();
                } catch (RuntimeException e) {
                    log.warn("Retention run failed (tried again at the next scheduled time): {}", e.toString());
                }
                synchronized (this) {
                    if (executor != null) {
                        scheduleNext();
                    }
                }
            }, Math.max(0, Duration.between(now, next).toMillis()), TimeUnit.MILLISECONDS);
        }

        @Override
        public synchronized void stop() {
            if (executor != null) {
                executor.shutdownNow();
                executor = null;
            }
        }

        @Override
        public synchronized boolean isRunning() {
            return executor != null;
        }
    }

    /** With {@code qiandai.retention.erase-on-opt-out=true}, an SMS opt-out also erases the person's contact record. */
    @Component
    static class EraseOnOptOut {

        private static final Set<String> OPT_OUTS = Set.of("sms-reply", "provider");
        private final DataRetention retention;

        EraseOnOptOut(DataRetention retention) {
            this.retention = retention;
        }

        @EventListener
        void on(DoNotContactAdded added) {
            if (retention.settings().eraseOnOptOut() && OPT_OUTS.contains(added.source())) {
                retention.erase(added.phoneHash());
            }
        }
    }
}
