package org.qiandai.campaign.contacts;

/** Which contacts a list shows; every field optional, exact match. */
public record ContactFilter(String district, String occupation, String source, String gender, String education, String language) {
}
