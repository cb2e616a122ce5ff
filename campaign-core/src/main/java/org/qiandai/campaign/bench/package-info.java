/**
 * What the benchmark commands share: options, measurements in fresh child JVMs, and heap sampling.
 */
@org.springframework.modulith.NamedInterface("bench")
package org.qiandai.campaign.bench;
