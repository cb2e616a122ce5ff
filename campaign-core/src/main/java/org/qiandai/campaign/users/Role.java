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
    ADMIN,
    /**
     * Community and duty police: sees only the early-warning tasks assigned to it and the people in them, in the
     * districts its account serves ({@link UserView#districts()}).
     */
    OFFICER,
    /**
     * The early-warning duty desk: takes in leads, sees every open warning case of its districts (all districts when its
     * account names none) with their deadlines, assigns tasks.
     */
    DUTY
}
