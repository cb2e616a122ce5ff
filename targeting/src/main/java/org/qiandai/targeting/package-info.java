/**
 * Targeting: feature encoding and Smile clustering of case records into victim profiles.
 */
@org.springframework.modulith.ApplicationModule(displayName = "targeting", allowedDependencies = "campaign :: *")
package org.qiandai.targeting;
