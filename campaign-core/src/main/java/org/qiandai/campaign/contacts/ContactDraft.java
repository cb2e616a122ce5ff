package org.qiandai.campaign.contacts;

import java.time.LocalDate;

/**
 * One contact as added by hand ({@code POST /api/contacts}): the phone number in any common form and optional
 * attributes. {@code age} is used only when {@code birthYear} is absent (birth year = this year − age).
 */
public record ContactDraft(String phone, String district, Integer age, Integer birthYear, String gender, String occupation,
                           String education, String language, String source, LocalDate consentDate) {
}
