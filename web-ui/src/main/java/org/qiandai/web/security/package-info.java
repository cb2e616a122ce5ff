/**
 * Who may sign in and what each role may reach: form login for pages, HTTP Basic for the API.
 */
package org.qiandai.web.security;
