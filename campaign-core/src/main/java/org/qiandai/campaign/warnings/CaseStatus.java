package org.qiandai.campaign.warnings;

/** OPEN until someone records that the person was dissuaded (DISSUADED), or the money went or the ladder ran out (LOST). */
public enum CaseStatus {
    OPEN, DISSUADED, LOST
}
