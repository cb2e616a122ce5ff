package org.qiandai.campaign.pushes;

import java.util.List;

/** A new push: channel id ({@code sms-twilio}, …), warning, segments (empty: the campaign's own), schedule (null: now). */
public record PushRequest(String channel, String templateId, List<String> segmentIds, Schedule schedule) {
}
