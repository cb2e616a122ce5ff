package org.qiandai.channels;

/**
 * Sends one message to one person through a provider: the SPI the dispatcher drives, one implementation per channel
 * name that pushes use ({@code sms-twilio}, {@code sms-smpp}). The dispatcher claims only deliveries of channels with
 * a sender, calls {@link #send} from up to {@link #window()} threads at once at no more than {@link #rate()} per
 * second, and records what it answers. A sender that is not {@link #enabled()} sends nothing (its channel's records
 * wait QUEUED); after its settings change the dispatcher stops the channel's sending, calls {@link #reload()} and
 * starts it again with the new rate and window.
 */
public interface ChannelSender {

    /** The channel name pushes use, e.g. {@code sms-twilio}. */
    String channel();

    /** Whether the channel sends now. */
    default boolean enabled() {
        return true;
    }

    /** Reads the channel's settings again; called while none of its sends is in flight. */
    default void reload() {
    }

    /** Messages per second (token bucket); zero or less: no limit. */
    double rate();

    /** How many sends may be in flight at once. */
    int window();

    /**
     * Sends the message and answers what the provider said. Never throws for a provider's answer or a broken
     * connection: those are {@link SendResult}s (an exception is taken as an outcome the dispatcher cannot know).
     */
    SendResult send(OutboundMessage message);

    /** The latest outcome of its sends, for health; {@code null} when the sender does not track it. */
    default ChannelStatus status() {
        return null;
    }

    /** Whether the sender's connection to its provider is up now (an SMPP bind); {@code null} when it keeps none. */
    default Boolean connected() {
        return null;
    }
}
