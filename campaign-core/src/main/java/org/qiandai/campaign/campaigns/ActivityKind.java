package org.qiandai.campaign.campaigns;

/** Kinds of offline publicity work. */
public enum ActivityKind {
    /** A radio slot. */
    RADIO,
    /** Themed buses (wrapped buses, in-bus screens and posters). */
    BUS,
    /** Community police going door to door, talks in a community. */
    COMMUNITY_VISIT,
    /** A training session, e.g. at a partner vocational school. */
    TRAINING,
    /** Posters and leaflets. */
    POSTER,
    OTHER
}
