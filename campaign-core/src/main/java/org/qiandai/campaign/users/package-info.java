/**
 * User accounts and their roles; passwords are stored only as adaptive hashes.
 */
@org.springframework.modulith.NamedInterface("users")
package org.qiandai.campaign.users;
