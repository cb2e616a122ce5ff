/**
 * Case bulletins in the web: {@code /api/cases/bulletins} (read a page, review its drafts) and the pages under
 * {@code /cases/bulletins} where analysts upload or paste a bulletin and confirm, correct or discard its drafts.
 */
package org.qiandai.web.bulletins;
