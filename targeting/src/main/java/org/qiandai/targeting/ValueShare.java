package org.qiandai.targeting;

/**
 * One value of a feature inside a profile: how many of the profile's cases have it, their share of the profile,
 * and the lift (share in the profile ÷ share among all cases of the run). Numeric features appear as bands ("26–35岁").
 */
public record ValueShare(String value, long count, double share, double lift) {
}
