package org.qiandai.campaign.store;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Makes completed work durable before it is reported done. On the embedded store this commits the H2 file;
 * on MongoDB the connection's write concern (set it to {@code w=majority&journal=true} in the URI) already does.
 */
@Component
public class StoreDurability {

    private final ObjectProvider<EmbeddedMongoStore> embedded;

    StoreDurability(ObjectProvider<EmbeddedMongoStore> embedded) {
        this.embedded = embedded;
    }

    public void commit() {
        embedded.ifAvailable(EmbeddedMongoStore::commit);
    }
}
