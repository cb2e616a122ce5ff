package org.qiandai.campaign.campaigns;

/** An offline activity was recorded (published once it is stored), so that its estimated audience is counted. */
public record ActivityRecorded(Activity activity) {
}
