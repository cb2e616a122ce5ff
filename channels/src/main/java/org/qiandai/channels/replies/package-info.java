/**
 * SMS replies: recorded with the number masked, and the opt-out words (STOP, 退订, TD, 取消) put on the do-not-contact list.
 */
@org.springframework.modulith.NamedInterface("replies")
package org.qiandai.channels.replies;
