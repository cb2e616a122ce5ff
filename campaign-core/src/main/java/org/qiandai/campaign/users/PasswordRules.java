package org.qiandai.campaign.users;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * What a new password must be: at least {@code qiandai.security.password.min-length} characters (8), at most 72 bytes
 * (bcrypt reads no further), not the username (nor the username with digits or symbols around it, nor reversed), not
 * one character repeated, and not on the list of common passwords ({@code users/common-passwords.txt}, ignoring case).
 */
@Component
class PasswordRules {

    static final int MAX_BYTES = 72;

    private final int minLength;
    private final Set<String> common;

    PasswordRules(@Value("${qiandai.security.password.min-length:8}") int minLength) {
        if (minLength < 8 || minLength > MAX_BYTES) {
            throw new IllegalArgumentException("qiandai.security.password.min-length must be between 8 and " + MAX_BYTES + ", not " + minLength);
        }
        this.minLength = minLength;
        this.common = load();
    }

    int minLength() {
        return minLength;
    }

    /** Why {@code password} may not be {@code username}'s, or null when it may. */
    String refusal(String username, String password) {
        if (password == null || password.length() < minLength) {
            return "password must have at least " + minLength + " characters";
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "password must be at most " + MAX_BYTES + " bytes (UTF-8)";
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (username != null && !username.isBlank()) {
            String user = username.strip().toLowerCase(Locale.ROOT);
            String letters = lower.replaceAll("[^\\p{L}]", "");
            String userLetters = user.replaceAll("[^\\p{L}]", "");
            // analyst, tsylana, Analyst2024!, 2024.analyst: the username, reversed or with only digits and symbols added
            if (lower.equals(user) || new StringBuilder(lower).reverse().toString().equals(user)
                    || (userLetters.length() >= 3 && letters.equals(userLetters))) {
                return "password must not be the username";
            }
        }
        if (lower.chars().distinct().count() == 1) {
            return "password must not be one character repeated";
        }
        if (common.contains(lower)) {
            return "password is too common (it is on the list of common passwords); choose another";
        }
        return null;
    }

    private static Set<String> load() {
        Set<String> words = new HashSet<>();
        try (InputStream in = PasswordRules.class.getResourceAsStream("/users/common-passwords.txt")) {
            if (in == null) {
                throw new IllegalStateException("users/common-passwords.txt is missing from the class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String word = line.strip();
                if (!word.isEmpty() && !word.startsWith("#")) {
                    words.add(word.toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(words);
    }
}
