/**
 * Synthetic but realistic fraud case records for Baotou's nine districts, and a labelled synthetic year of campaigns
 * and their deliveries, as demo data and for import tests and benchmarks.
 */
@org.springframework.modulith.NamedInterface("demo")
package org.qiandai.campaign.demo;
