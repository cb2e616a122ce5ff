/**
 * Contacts and the do-not-contact list: the API the publicity team writes through and the pages; numbers always masked.
 */
package org.qiandai.web.contacts;
