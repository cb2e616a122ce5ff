/**
 * Synthetic but realistic fraud case records for Baotou's nine districts, as demo data and as files for import tests and benchmarks.
 */
package org.qiandai.campaign.demo;
