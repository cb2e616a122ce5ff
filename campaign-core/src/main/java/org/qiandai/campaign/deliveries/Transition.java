package org.qiandai.campaign.deliveries;

/** A status report for a delivery as last read ({@code current}): where it should go, with what the provider said. */
public record Transition(Delivery current, DeliveryStatus to, Outcome outcome) {
}
