package org.qiandai.campaign.users;

/** What a user may do. A user may hold several. */
public enum Role {
    /** Imports and reads case records, builds victim profiles. */
    ANALYST,
    /** Writes warnings, plans campaigns and pushes. */
    PUBLICITY,
    /** Watches reach and effect; sees cases in aggregate only. */
    LEADER,
    /** Manages users, roles and channel credentials; does not read victim records. */
    ADMIN
}
