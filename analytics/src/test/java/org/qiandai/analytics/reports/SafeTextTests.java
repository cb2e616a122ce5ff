package org.qiandai.analytics.reports;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which texts a spreadsheet would run as formulas, and how a CSV cell defuses them. */
class SafeTextTests {

    @Test
    void textBeginningWithAFormulaCharacterIsWrittenAsText() {
        for (String risky : new String[] {"=1+1", "+86 138", "-5", "@SUM(A1)", "\tcmd", "\rcmd"}) {
            assertThat(SafeText.risky(risky)).as(risky).isTrue();
            assertThat(SafeText.forCsv(risky)).isEqualTo("'" + risky);
        }
        for (String plain : new String[] {"东河区", "sms-twilio", "2026-W48", "", "a=b"}) {
            assertThat(SafeText.risky(plain)).as(plain).isFalse();
            assertThat(SafeText.forCsv(plain)).isEqualTo(plain);
        }
        assertThat(SafeText.forCsv(null)).isNull();
    }
}
