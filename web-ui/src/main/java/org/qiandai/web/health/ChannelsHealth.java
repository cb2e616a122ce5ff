package org.qiandai.web.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.qiandai.channels.ChannelSender;
import org.qiandai.channels.ChannelStatus;
import org.qiandai.channels.partners.Partner;
import org.qiandai.channels.partners.PartnerDispatcher;
import org.qiandai.channels.partners.PartnerSettings;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * {@code channels} in {@code /actuator/health}: one entry per channel — {@code sms-twilio}, {@code sms-smpp} and every
 * configured partner — with {@code enabled}, for SMPP whether it is {@code bound}, the last success and the last error
 * (digits masked). A channel switched off is {@code UNKNOWN}; one whose last send failed (or SMPP unbound) is
 * {@link #DEGRADED}, which answers 200 (pages and the API still work) but shows in the aggregate; {@code UP} otherwise.
 */
@Component("channels")
class ChannelsHealth implements CompositeHealthContributor {

    /** A channel that is on but failing: ordered between DOWN and UP, mapped to HTTP 200 (application.properties). */
    static final Status DEGRADED = new Status("DEGRADED");
    static final String TWILIO = "sms-twilio";
    static final String SMPP = "sms-smpp";

    private final Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
    private final PartnerSettings partners;
    private final PartnerDispatcher dispatcher;

    ChannelsHealth(ObjectProvider<ChannelSender> channelSenders, PartnerSettings partners, ObjectProvider<PartnerDispatcher> partnerDispatcher) {
        List<ChannelSender> senders = channelSenders.orderedStream().toList();
        for (String channel : List.of(TWILIO, SMPP)) {
            ChannelSender sender = senders.stream().filter(s -> s.channel().equals(channel)).findFirst().orElse(null);
            indicators.put(channel, () -> sender(sender));
        }
        for (ChannelSender sender : senders) {
            indicators.putIfAbsent(sender.channel(), () -> sender(sender));
        }
        this.partners = partners;
        this.dispatcher = partnerDispatcher.getIfAvailable();
    }

    /** The senders' entries, then one per partner as configured now (the settings page may add or change one). */
    private Map<String, HealthIndicator> current() {
        Map<String, HealthIndicator> all = new LinkedHashMap<>(indicators);
        for (Partner partner : partners.all()) {
            String name = partner.name();
            all.putIfAbsent(name, () -> partners.get(name).map(p -> partner(p, dispatcher))
                    .orElseGet(() -> Health.status(Status.UNKNOWN).withDetail("enabled", false).build()));
        }
        return all;
    }

    private static Health sender(ChannelSender sender) {
        if (sender == null || !sender.enabled()) {
            return Health.status(Status.UNKNOWN).withDetail("enabled", false).build();
        }
        Health.Builder health = Health.up().withDetail("enabled", true);
        Boolean bound = sender.connected();
        if (bound != null) {
            health.withDetail("bound", bound);
            if (!bound) {
                health.status(DEGRADED);
            }
        }
        return withOutcomes(health, sender.status());
    }

    private static Health partner(Partner partner, PartnerDispatcher dispatcher) {
        if (!partner.enabled()) {
            return Health.status(Status.UNKNOWN).withDetail("enabled", false).build();
        }
        Health.Builder health = Health.up().withDetail("enabled", true).withDetail("kind", partner.kind() == null ? "either" : partner.kind().id());
        if (dispatcher == null || !dispatcher.dispatching()) {
            return health.status(Status.UNKNOWN).withDetail("dispatching", false).build();
        }
        return withOutcomes(health, dispatcher.status(partner.name()));
    }

    private static Health withOutcomes(Health.Builder health, ChannelStatus status) {
        if (status == null) {
            return health.build();
        }
        ChannelStatus.Snapshot s = status.snapshot();
        Optional.ofNullable(s.lastSuccessAt()).ifPresent(at -> health.withDetail("lastSuccessAt", at.toString()));
        Optional.ofNullable(s.lastErrorAt()).ifPresent(at -> health.withDetail("lastErrorAt", at.toString()));
        Optional.ofNullable(s.lastError()).ifPresent(error -> health.withDetail("lastError", error));
        if (s.failing()) {
            health.status(DEGRADED);
        }
        return health.build();
    }

    @Override
    public HealthContributor getContributor(String name) {
        return current().get(name);
    }

    @Override
    public java.util.stream.Stream<HealthContributors.Entry> stream() {
        return current().entrySet().stream().map(e -> new HealthContributors.Entry(e.getKey(), e.getValue()));
    }

}
