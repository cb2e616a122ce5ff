package org.qiandai.web.retention;

import org.qiandai.campaign.retention.DataRetention;
import org.qiandai.campaign.retention.RetentionSettings;
import org.qiandai.web.audit.Audited;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/retention}: the ages and schedule in force; {@code POST /api/retention/run}: apply them now. For ADMIN,
 * who manages the application but reads no personal data: the answers are counts and dates only.
 */
@RestController
@PreAuthorize("hasRole('ADMIN')")
class RetentionApiController {

    record Settings(String contacts, String deliveries, String schedule, boolean eraseOnOptOut) {
    }

    private final DataRetention retention;

    RetentionApiController(DataRetention retention) {
        this.retention = retention;
    }

    @GetMapping("/api/retention")
    Settings settings() {
        RetentionSettings s = retention.settings();
        return new Settings(s.contacts() == null ? null : s.contacts().toString(), s.deliveries() == null ? null : s.deliveries().toString(),
                s.schedule() == null ? null : s.schedule().toString(), s.eraseOnOptOut());
    }

    @Audited(value = "retention.run", object = "retention")
    @PostMapping("/api/retention/run")
    DataRetention.Result run() {
        return retention.run();
    }
}
