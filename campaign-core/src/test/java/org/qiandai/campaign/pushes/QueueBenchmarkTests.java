package org.qiandai.campaign.pushes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The queuing benchmark's two measurements run and agree on what they write (a small audience: a smoke test). */
class QueueBenchmarkTests {

    @Test
    void queuesTheStoredAudienceAndTheBaselineInsertsAsMany() throws Exception {
        Map<String, Object> queued = QueueBenchmark.measure("queue", 2000);
        Map<String, Object> inserted = QueueBenchmark.measure("insert", 2000);
        // 2,000 stored contacts: 10 landlines (every 200th) and 20 on the do-not-contact list (every 100th)
        assertThat(queued).containsEntry("excluded", 30L).containsEntry("stored", 1970L);
        assertThat(((Number) queued.get("queued")).longValue()).isEqualTo(1970);
        assertThat(inserted).containsEntry("inserted", 1970L);
    }
}
