package org.qiandai.channels;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.TestComponent;

/** campaign-core and channels, without the web: for channel tests. Point it at a store with {@code EmbeddedTestStore}. */
@SpringBootApplication(scanBasePackages = {"org.qiandai.campaign", "org.qiandai.channels"})
@TestComponent
public class ChannelsTestApplication {
}
