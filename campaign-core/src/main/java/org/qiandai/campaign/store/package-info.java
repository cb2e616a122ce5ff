/**
 * The document store: MongoDB when one is configured, otherwise an embedded MongoDB-compatible server on an H2 file.
 */
@org.springframework.modulith.NamedInterface("store")
package org.qiandai.campaign.store;
