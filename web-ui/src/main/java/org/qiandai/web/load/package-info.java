/**
 * The {@code load callbacks|dashboard} commands and {@code bench warnings}: the running application under a bounded load on
 * 127.0.0.1, with its checks and percentiles.
 */
@org.springframework.modulith.NamedInterface("load")
package org.qiandai.web.load;
