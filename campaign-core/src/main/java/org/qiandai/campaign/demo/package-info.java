/**
 * Synthetic but realistic fraud case records for Baotou's nine districts, as demo data and as files for import tests and benchmarks.
 */
@org.springframework.modulith.NamedInterface("demo")
package org.qiandai.campaign.demo;
