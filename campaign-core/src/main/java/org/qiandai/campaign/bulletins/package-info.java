/**
 * Case bulletins (典型案例, 警情通报): reading the cases a public page narrates into draft case records with each field's
 * confidence and source span, keeping the bulletins, and turning the drafts an analyst confirms into case records.
 */
@org.springframework.modulith.NamedInterface("bulletins")
package org.qiandai.campaign.bulletins;
