/**
 * Ride-hailing and food-delivery partner platforms: their settings, the signed webhook that hands them a push, and the
 * signed receipts in which they report how many people they reached.
 */
@org.springframework.modulith.NamedInterface("partners")
package org.qiandai.channels.partners;
