/**
 * Warnings (message templates): the API the publicity team writes through, and the list and editor pages.
 */
package org.qiandai.web.templates;
