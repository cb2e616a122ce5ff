/**
 * The page shell every screen shares: layout model (who is signed in, language links, formats) and the language choice.
 */
package org.qiandai.web.shell;
