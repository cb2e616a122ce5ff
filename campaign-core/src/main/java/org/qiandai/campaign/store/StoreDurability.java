package org.qiandai.campaign.store;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Makes completed work durable before it is reported done. On the embedded store this commits the H2 file;
 * on MongoDB the connection's write concern (set it to {@code w=majority&journal=true} in the URI) already does.
 */
@Component
public class StoreDurability {

    private final EmbeddedMongoStore embedded;

    @Autowired
    StoreDurability(ObjectProvider<EmbeddedMongoStore> embedded) {
        this(embedded.getIfAvailable());
    }

    private StoreDurability(EmbeddedMongoStore embedded) {
        this.embedded = embedded;
    }

    /** For code running outside the application context (benchmarks, commands); {@code null} means MongoDB. */
    public static StoreDurability of(EmbeddedMongoStore embedded) {
        return new StoreDurability(embedded);
    }

    public void commit() {
        if (embedded != null) {
            embedded.commit();
        }
    }
}
