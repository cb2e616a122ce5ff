package org.qiandai.channels.settings;

import java.util.List;

/** The channels a package offers for changing (one for Twilio, one for SMPP, one per configured partner): a bean per package. */
@FunctionalInterface
public interface ChannelDefinitions {

    List<ChannelDefinition> definitions();
}
