/**
 * Fraud case records (one victim of one fraud) and their import from .xlsx, .xls and .csv case exports.
 */
@org.springframework.modulith.NamedInterface("cases")
package org.qiandai.campaign.cases;
