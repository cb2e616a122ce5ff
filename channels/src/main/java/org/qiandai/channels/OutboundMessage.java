package org.qiandai.channels;

/**
 * One message for a sender: the delivery it belongs to, the number in E.164 ({@code +8613812345678}), the text as
 * rendered when the push was queued, and which attempt this is (1 for the first).
 */
public record OutboundMessage(String deliveryId, String pushId, String to, String text, int attempt) {

    @Override
    public String toString() {
        return "OutboundMessage[" + deliveryId + ", attempt " + attempt + "]"; // never the number
    }
}
