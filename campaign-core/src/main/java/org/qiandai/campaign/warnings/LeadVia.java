package org.qiandai.campaign.warnings;

/** How a lead reached us: the centre's systems through the API, a file import, or typed in by the duty desk. */
public enum LeadVia {
    API, FILE, DESK
}
