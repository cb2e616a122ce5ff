package org.qiandai.channels.dispatch;

/**
 * Where one message's time went, in nanoseconds on one clock: its batch claimed and committed, its send started and
 * ended (the provider's own time), its result committed. What the dispatcher adds is the time outside the send.
 */
public record MessageTiming(long claimed, long sendStarted, long sendEnded, long settled) {

    public long addedNanos() {
        return (sendStarted - claimed) + (settled - sendEnded);
    }
}
