package org.qiandai.campaign.users;

import java.security.SecureRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * On first start with no users, creates {@code admin} with the password in env {@code QIANDAI_ADMIN_PASSWORD},
 * or a random one printed once to the log.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class FirstAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

    private final UserAccounts users;
    private final Environment environment;

    FirstAdmin(UserAccounts users, Environment environment) {
        this.users = users;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (users.anyExist()) {
            return;
        }
        String configured = environment.getProperty("QIANDAI_ADMIN_PASSWORD");
        boolean generated = configured == null || configured.isBlank();
        String password = generated ? randomPassword() : configured;
        users.createFirstAdmin(password);
        if (generated) {
            log.warn("Created user 'admin' with the generated password {} — it is shown only this once; "
                    + "set QIANDAI_ADMIN_PASSWORD before the first start to choose it.", password);
        } else {
            log.info("Created user 'admin' with the password from QIANDAI_ADMIN_PASSWORD.");
        }
    }

    private static String randomPassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
