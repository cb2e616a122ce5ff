package org.qiandai.campaign.contacts;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A contact as readers see it: the phone number masked ({@code 138****5678}), never in clear. {@code age} is the age
 * reached this calendar year (bureau clock); {@code mobile} is false for landlines, which are never messaged.
 */
public record ContactView(String id, String phone, boolean mobile, String district, Integer birthYear, Integer age, String gender,
                          String occupation, String education, String language, String source, LocalDate consentDate,
                          boolean doNotContact, String createdBy, Instant createdAt, Instant updatedAt) {
}
