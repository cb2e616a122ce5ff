package org.qiandai.channels;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A sender for dispatcher tests: records every call (number, attempt, time) and answers what {@link #answer} says
 * for the number and attempt (accepted by default), after {@code delayMillis}.
 */
public final class RecordingSender implements ChannelSender {

    public record Call(String deliveryId, String to, int attempt, long nanos) {
    }

    private final String channel;
    private final double rate;
    private final int window;
    public final List<Call> calls = new CopyOnWriteArrayList<>();
    public final Map<String, AtomicInteger> perNumber = new ConcurrentHashMap<>();
    /** Per delivery, how many of its sends were answered ACCEPTED (a message that went out). */
    public final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
    public volatile Function<OutboundMessage, SendResult> answer = m -> SendResult.accepted("SM" + m.deliveryId().hashCode() + "-" + m.attempt());
    public volatile long delayMillis;

    public RecordingSender(String channel, double rate, int window) {
        this.channel = channel;
        this.rate = rate;
        this.window = window;
    }

    @Override
    public String channel() {
        return channel;
    }

    @Override
    public double rate() {
        return rate;
    }

    @Override
    public int window() {
        return window;
    }

    @Override
    public SendResult send(OutboundMessage message) {
        calls.add(new Call(message.deliveryId(), message.to(), message.attempt(), System.nanoTime()));
        perNumber.computeIfAbsent(message.to(), k -> new AtomicInteger()).incrementAndGet();
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return SendResult.unknown("INTERRUPTED", "interrupted while sending");
            }
        }
        SendResult r = answer.apply(message);
        if (r.kind() == SendResult.Kind.ACCEPTED) {
            accepted.computeIfAbsent(message.deliveryId(), k -> new AtomicInteger()).incrementAndGet();
        }
        return r;
    }

}
