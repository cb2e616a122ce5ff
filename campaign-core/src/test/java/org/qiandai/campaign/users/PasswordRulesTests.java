package org.qiandai.campaign.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** New passwords: long enough, not too long for bcrypt, not the username, not one character, not a common one. */
class PasswordRulesTests {

    final PasswordRules rules = new PasswordRules(8);

    @Test
    void acceptsAReasonablePassword() {
        assertThat(rules.refusal("analyst", "a-long-password")).isNull();
        assertThat(rules.refusal("newbie", "newbie-password")).isNull();
        assertThat(rules.refusal("li.wei", "包头反诈2026春")).isNull();
    }

    @Test
    void refusesShortLongUsernameRepeatedAndCommonPasswords() {
        assertThat(rules.refusal("analyst", "short")).isEqualTo("password must have at least 8 characters");
        assertThat(rules.refusal("analyst", "x".repeat(40) + "密码密码密码密码密码密码")).contains("at most 72 bytes");
        assertThat(rules.refusal("analysts", "Analysts")).isEqualTo("password must not be the username");
        assertThat(rules.refusal("analyst", "Analyst2026!")).isEqualTo("password must not be the username");
        assertThat(rules.refusal("analyst", "tsylana99")).isNull();
        assertThat(rules.refusal("analysts", "stsylana")).isEqualTo("password must not be the username");
        assertThat(rules.refusal("zhang.wei", "2026.zhang.wei")).isEqualTo("password must not be the username");
        assertThat(rules.refusal("analyst", "aaaaaaaaaa")).isEqualTo("password must not be one character repeated");
        assertThat(rules.refusal("analyst", "Password123")).contains("too common");
        assertThat(rules.refusal("analyst", "woaini1314")).contains("too common");
        assertThat(rules.refusal("analyst", "88888888")).isNotNull();
    }

    @Test
    void theMinimumIsConfigurableButNeverBelowEight() {
        assertThat(new PasswordRules(12).refusal("analyst", "a-long-pass")).isEqualTo("password must have at least 12 characters");
        assertThatThrownBy(() -> new PasswordRules(6)).hasMessageContaining("qiandai.security.password.min-length");
    }
}
