package org.qiandai.campaign.pushes;

/**
 * Why a segment member is not messaged. Checked per member in this order, the first that applies counting:
 * INVALID_NUMBER, DUPLICATE, OUTSIDE_DISTRICTS, DO_NOT_CONTACT, FREQUENCY_CAP (the declaration order is the API's
 * display order).
 */
public enum ExclusionReason {
    /** The number is on the do-not-contact list. */
    DO_NOT_CONTACT,
    /** The person had as many warnings as the channel's cap allows within its window (sends across all campaigns). */
    FREQUENCY_CAP,
    /** The campaign names districts and the contact's is not one of them. */
    OUTSIDE_DISTRICTS,
    /** The same phone number appeared earlier in this occurrence's segments. */
    DUPLICATE,
    /** No usable number (marked invalid, or none). */
    INVALID_NUMBER
}
