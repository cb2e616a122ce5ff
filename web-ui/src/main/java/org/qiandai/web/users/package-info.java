/**
 * Administration of user accounts: the {@code /api/users} API.
 */
package org.qiandai.web.users;
