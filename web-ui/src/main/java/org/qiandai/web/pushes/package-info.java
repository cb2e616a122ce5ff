/**
 * Pushes: the API the publicity team schedules, pauses and cancels them through (leaders read it), and the push pages.
 */
package org.qiandai.web.pushes;
