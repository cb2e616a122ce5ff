package org.qiandai.campaign.templates;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * The channels a campaign or a push may name: the built-in ids ({@code sms-twilio}, {@code sms-smpp}, {@code mms},
 * {@code ride-hailing}, {@code food-delivery}, {@code partner-card}; not the warning-only {@code sms}) and every
 * configured partner by its name ({@link PartnerChannels}). A partner shows the warnings written for its kind
 * ({@code ride-hailing} or {@code food-delivery}; both when it has none) and partner cards ({@code partner-card}).
 */
@Service
public class ChannelCatalog {

    private final ObjectProvider<PartnerChannels> partners;

    ChannelCatalog(ObjectProvider<PartnerChannels> partners) {
        this.partners = partners;
    }

    private Map<String, Set<WarningChannel>> partners() {
        PartnerChannels p = partners.getIfAvailable();
        return p == null ? Map.of() : p.warningsShown();
    }

    /** Every channel id a campaign or push may name: the built-in ones, then the partners. */
    public List<String> ids() {
        List<String> ids = new ArrayList<>(WarningChannel.ids().stream().filter(id -> !id.equals(WarningChannel.SMS.id())).toList());
        ids.addAll(partners().keySet().stream().sorted().toList());
        return ids;
    }

    public boolean isKnown(String channelId) {
        return channelId != null && ids().contains(channelId);
    }

    public boolean isPartner(String channelId) {
        return channelId != null && partners().containsKey(channelId);
    }

    /** The warning channels a configured partner shows (e.g. {@code ride-hailing}, {@code partner-card}); empty for other ids. */
    public Set<WarningChannel> warningsShownBy(String channelId) {
        return channelId == null ? Set.of() : partners().getOrDefault(channelId, Set.of());
    }

    /**
     * Whether a warning may go out through a channel: as {@link WarningTemplate#fitsChannel}, and through a partner
     * when the partner shows warnings of the warning's channel.
     */
    public boolean fits(WarningTemplate template, String channelId) {
        return template.fitsChannel(channelId)
                || warningsShownBy(channelId).stream().anyMatch(c -> c.id().equals(template.channel()));
    }
}
