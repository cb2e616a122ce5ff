/**
 * Campaign core: cases and their import, users, and the store everything else reads from. Depends on no other module.
 */
@org.springframework.modulith.ApplicationModule(displayName = "campaign-core", allowedDependencies = {})
package org.qiandai.campaign;
