/**
 * The partner receipts endpoint: partner platforms, signing as Standard Webhooks do, report how many people saw a push.
 */
package org.qiandai.web.partners;
