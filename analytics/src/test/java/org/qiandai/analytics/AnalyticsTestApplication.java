package org.qiandai.analytics;

import java.time.Instant;

import org.qiandai.campaign.pushes.PlannerFakes;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * campaign-core and analytics, without the web: for analytics' tests on the embedded store (point it at one with
 * {@code EmbeddedTestStore}). Its clock stands still until a test moves it.
 */
@SpringBootApplication(scanBasePackages = {"org.qiandai.campaign", "org.qiandai.analytics"})
@TestComponent
public class AnalyticsTestApplication {

    @Bean
    @Primary
    PlannerFakes.MutableClock testClock() {
        return new PlannerFakes.MutableClock(Instant.parse("2026-11-02T02:00:00Z"), PlannerFakes.ZONE);
    }
}
