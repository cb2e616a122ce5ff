/**
 * The retention API: the ages in force and a retention run on demand, for administrators.
 */
package org.qiandai.web.retention;
