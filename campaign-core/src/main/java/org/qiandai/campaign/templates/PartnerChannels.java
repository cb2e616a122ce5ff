package org.qiandai.campaign.templates;

import java.util.Map;
import java.util.Set;

/**
 * The partner platforms configured as channels, each by its name with the warnings it shows: those written for its
 * kind ({@link WarningChannel#RIDE_HAILING} or {@link WarningChannel#FOOD_DELIVERY}, both for a partner configured with
 * no kind) and partner cards ({@link WarningChannel#PARTNER_CARD}). The channels module provides it from
 * {@code qiandai.channels.partners.<name>}; with none, only the built-in channel ids exist.
 */
public interface PartnerChannels {

    /** Partner name → the warning channels whose warnings it shows. */
    Map<String, Set<WarningChannel>> warningsShown();
}
