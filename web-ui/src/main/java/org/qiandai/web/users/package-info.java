/**
 * Administration of user accounts: the {@code /users} page and the {@code /api/users} API.
 */
package org.qiandai.web.users;
