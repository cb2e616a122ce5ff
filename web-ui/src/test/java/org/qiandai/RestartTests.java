package org.qiandai;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qiandai.campaign.cases.CaseFilter;
import org.qiandai.campaign.cases.CaseQueries;
import org.qiandai.campaign.users.UserAccounts;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.domain.PageRequest;

/**
 * The application on its embedded store, as the README's run command starts it: a file under the data directory,
 * demo cases on the first start, and everything still there after a stop and a new start (no demo loaded twice).
 */
class RestartTests {

    @TempDir
    Path dataDir;

    @Test
    void dataSurvivesARestart() {
        long cases;
        try (ConfigurableApplicationContext first = start()) {
            cases = first.getBean(CaseQueries.class).find(CaseFilter.none(), PageRequest.of(0, 1)).getTotalElements();
            assertThat(cases).as("demo cases on the first start").isEqualTo(500);
            assertThat(first.getBean(UserAccounts.class).find("admin")).isPresent();
        }
        assertThat(dataDir.resolve("qiandai.mv.db")).exists();
        try (ConfigurableApplicationContext second = start()) {
            assertThat(second.getBean(CaseQueries.class).find(CaseFilter.none(), PageRequest.of(0, 1)).getTotalElements()).isEqualTo(cases);
            assertThat(second.getBean(UserAccounts.class).list()).hasSize(1);
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(QiandaiApplication.class)
                .run("--server.port=0", "--qiandai.data-dir=" + dataDir, "--qiandai.demo.cases=500", "--QIANDAI_ADMIN_PASSWORD=restart-admin-pw");
    }
}
