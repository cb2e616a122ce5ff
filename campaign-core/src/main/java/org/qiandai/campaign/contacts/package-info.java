/**
 * The people the platform may message directly, with encrypted phone numbers, and the do-not-contact list.
 */
@org.springframework.modulith.NamedInterface("contacts")
package org.qiandai.campaign.contacts;
