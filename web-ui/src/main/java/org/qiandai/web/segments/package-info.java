/**
 * Saved segments (target audiences): the API analysts write through and publicity reads, and the segments page.
 */
package org.qiandai.web.segments;
