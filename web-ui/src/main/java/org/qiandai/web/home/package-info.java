/**
 * The start page after sign-in: a welcome and, for analysts, where the case store stands.
 */
package org.qiandai.web.home;
