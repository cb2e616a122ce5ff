package org.qiandai.channels.testapp;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.TestComponent;

/**
 * campaign-core and channels, without the web: for channel tests, named explicitly ({@code classes = …}). Kept out of
 * {@code org.qiandai.channels} itself so that a test in a channels package elsewhere (web-ui's) that searches upwards
 * for its configuration finds the application, not this. Point it at a store with {@code EmbeddedTestStore}.
 */
@SpringBootApplication(scanBasePackages = {"org.qiandai.campaign", "org.qiandai.channels"})
@TestComponent
public class ChannelsTestApplication {
}
