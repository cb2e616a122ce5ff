/**
 * The smallest application around campaign-core and channels, for channel tests.
 */
package org.qiandai.channels.testapp;
