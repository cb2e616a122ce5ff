package org.qiandai.campaign.campaigns;

import java.time.LocalDate;
import java.util.List;

/**
 * A campaign as its author plans it. {@code channels}: channel ids ({@code sms-twilio}, {@code sms-smpp},
 * {@code ride-hailing}, {@code food-delivery}, {@code mms}, {@code partner-card}); {@code templateIds}: saved warnings.
 */
public record CampaignDraft(String name, String goal, LocalDate from, LocalDate to, List<String> districts,
                            List<String> segmentIds, List<String> channels, List<String> templateIds) {
}
