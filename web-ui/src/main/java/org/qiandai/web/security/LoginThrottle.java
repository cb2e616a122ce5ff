package org.qiandai.web.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.stereotype.Component;

/**
 * Counts failed sign-ins per username and per client address over the last {@code qiandai.security.login.lock}
 * (15 minutes): at {@code max-failures} (5) for a user, or {@code max-failures-per-address} (20) from an address, further
 * attempts — right or wrong — are refused until the oldest of those failures is older than the window. A successful
 * sign-in clears its user's failures (not its address's). Per instance, in memory: several instances each count their
 * own, and a restart forgets.
 */
@Component
class LoginThrottle {

    /** Keys kept at most, users and addresses together: beyond it the stale ones go first, then the oldest. */
    private static final int MAX_KEYS = 100_000;

    private final int maxPerUser;
    private final int maxPerAddress;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    LoginThrottle(@Value("${qiandai.security.login.max-failures:5}") int maxPerUser,
                  @Value("${qiandai.security.login.max-failures-per-address:20}") int maxPerAddress,
                  @Value("${qiandai.security.login.lock:15m}") String window, Clock clock) {
        if (maxPerUser < 1 || maxPerAddress < 1) {
            throw new IllegalArgumentException("qiandai.security.login.max-failures and …max-failures-per-address must be at least 1");
        }
        this.maxPerUser = maxPerUser;
        this.maxPerAddress = maxPerAddress;
        this.window = DurationStyle.detectAndParse(window);
        if (this.window.isNegative() || this.window.isZero()) {
            throw new IllegalArgumentException("qiandai.security.login.lock must be positive, not " + window);
        }
        this.clock = clock;
    }

    /** How long {@code username} from {@code address} must wait before trying again; zero when it may try now. */
    Duration wait(String username, String address) {
        Instant now = clock.instant();
        Duration user = waitFor(userKey(username), maxPerUser, now);
        Duration from = waitFor(addressKey(address), maxPerAddress, now);
        return user.compareTo(from) >= 0 ? user : from;
    }

    void failed(String username, String address) {
        Instant now = clock.instant();
        add(userKey(username), maxPerUser, now);
        add(addressKey(address), maxPerAddress, now);
    }

    void succeeded(String username) {
        failures.remove(userKey(username));
    }

    private Duration waitFor(String key, int max, Instant now) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return Duration.ZERO;
        }
        synchronized (times) {
            prune(times, now);
            if (times.size() < max) {
                return Duration.ZERO;
            }
            // the failure that, once out of the window, lets the count fall below the limit
            Instant oldest = times.stream().skip(times.size() - max).findFirst().orElseThrow();
            return Duration.between(now, oldest.plus(window)).plusSeconds(1).withNanos(0);
        }
    }

    private void add(String key, int max, Instant now) {
        if (failures.size() >= MAX_KEYS) {
            evict(now);
        }
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            prune(times, now);
            times.addLast(now);
            while (times.size() > max) {
                times.removeFirst();
            }
        }
    }

    private void prune(Deque<Instant> times, Instant now) {
        Instant horizon = now.minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(horizon)) {
            times.removeFirst();
        }
    }

    private void evict(Instant now) {
        failures.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                prune(e.getValue(), now);
                return e.getValue().isEmpty();
            }
        });
        if (failures.size() >= MAX_KEYS) {
            failures.clear(); // a flood of fresh keys: forgetting beats running out of memory
        }
    }

    private static String userKey(String username) {
        return "u:" + (username == null ? "" : username.strip().toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "a:" + address;
    }
}
