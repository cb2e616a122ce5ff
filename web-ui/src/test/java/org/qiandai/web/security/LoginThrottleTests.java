package org.qiandai.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** Sign-in throttling per user and per address over a sliding window, and which address a request comes from. */
class LoginThrottleTests {

    Instant now = Instant.parse("2026-12-01T00:00:00Z");
    final Clock clock = new Clock() {
        @Override public ZoneId getZone() { return ZoneId.of("UTC"); }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    };

    @Test
    void locksAUserAfterMaxFailuresUntilTheWindowPasses() {
        LoginThrottle throttle = new LoginThrottle(3, 100, "10m", clock);
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.wait("Ana", "10.0.0.1")).isZero();
            throttle.failed("ana", "10.0.0." + i);
            now = now.plusSeconds(60);
        }
        // locked whatever the address, the username's case ignored
        assertThat(throttle.wait("ANA", "10.9.9.9")).isEqualTo(Duration.ofMinutes(7).plusSeconds(1));
        assertThat(throttle.wait("bob", "10.0.0.1")).isZero();
        now = now.plus(Duration.ofMinutes(7)).plusSeconds(1);
        assertThat(throttle.wait("ana", "10.0.0.1")).isZero();
    }

    @Test
    void locksAnAddressTryingManyUsersAndASuccessClearsOnlyTheUser() {
        LoginThrottle throttle = new LoginThrottle(3, 4, "15m", clock);
        for (String user : List.of("a1", "a2", "a3", "a4")) {
            throttle.failed(user, "203.0.113.5");
        }
        assertThat(throttle.wait("someone-else", "203.0.113.5")).isPositive();
        assertThat(throttle.wait("someone-else", "203.0.113.6")).isZero();
        throttle.failed("cat", "10.0.0.1");
        throttle.failed("cat", "10.0.0.1");
        throttle.succeeded("cat");
        throttle.failed("cat", "10.0.0.1");
        assertThat(throttle.wait("cat", "10.0.0.2")).isZero();
    }

    @Test
    void refusesSettingsThatMakeNoSense() {
        assertThatThrownBy(() -> new LoginThrottle(0, 10, "15m", clock)).hasMessageContaining("max-failures");
        assertThatThrownBy(() -> new LoginThrottle(5, 10, "0s", clock)).hasMessageContaining("qiandai.security.login.lock");
    }

    @Test
    void takesTheForwardedAddressOnlyFromATrustedProxy() {
        ClientAddresses none = new ClientAddresses(List.of());
        ClientAddresses proxies = new ClientAddresses(List.of("10.0.0.0/8", "192.168.1.7"));
        MockHttpServletRequest direct = new MockHttpServletRequest();
        direct.setRemoteAddr("198.51.100.4");
        direct.addHeader("X-Forwarded-For", "1.2.3.4");
        assertThat(none.of(direct)).isEqualTo("198.51.100.4");
        assertThat(proxies.of(direct)).isEqualTo("198.51.100.4"); // not from a proxy: the header is the client's claim

        MockHttpServletRequest viaProxies = new MockHttpServletRequest();
        viaProxies.setRemoteAddr("10.1.2.3");
        viaProxies.addHeader("X-Forwarded-For", "6.6.6.6, 203.0.113.8, 192.168.1.7");
        assertThat(proxies.of(viaProxies)).isEqualTo("203.0.113.8"); // the spoofed first hop is ignored
        assertThat(none.of(viaProxies)).isEqualTo("10.1.2.3");
        assertThatThrownBy(() -> new ClientAddresses(List.of("proxy.example"))).hasMessageContaining("qiandai.security.trusted-proxies");
    }
}
