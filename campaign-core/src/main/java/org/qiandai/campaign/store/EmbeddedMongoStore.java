package org.qiandai.campaign.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoServer;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded MongoDB-wire-compatible server (mongo-java-server, H2 MVStore backend) on 127.0.0.1.
 * Its MVStore commits in the background about once a second; {@link #commit()} makes writes durable now. Queries that
 * constrain {@code _id} read only those keys ({@link KeyAwareH2Backend}).
 */
public final class EmbeddedMongoStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoStore.class);
    /** How long H2 keeps the chunks of old versions: longer than any scan the application runs. */
    static final int RETENTION_MILLIS = 15 * 60 * 1000;

    private final KeyAwareH2Backend backend;
    private final MongoServer server;
    private final InetSocketAddress address;
    private final String description;

    private EmbeddedMongoStore(KeyAwareH2Backend backend, String description, int port) {
        this.backend = backend;
        this.server = new MongoServer(backend);
        this.server.bind("127.0.0.1", port);
        this.address = server.getLocalAddress();
        this.description = description;
        log.info("Embedded MongoDB-compatible store on {} ({})", address, description);
    }

    /** A store that keeps its data in one H2 file, created with its directory when missing. */
    public static EmbeddedMongoStore onFile(Path file) {
        return onFile(file, 0);
    }

    /**
     * As {@link #onFile(Path)}, listening on {@code port} (0: any free one): a store stopped and opened again on the
     * same file and port is found again by the clients that knew it (fault tests).
     */
    public static EmbeddedMongoStore onFile(Path file, int port) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory for " + file, e);
        }
        MVStore store = MVStore.open(file.toString());
        // H2 may reuse the space of chunks older than the retention time while a long scan still reads them
        // ("Chunk N not found"): a full scan of a million documents can outlast the default 45 s on two busy cores.
        store.setRetentionTime(RETENTION_MILLIS);
        return new EmbeddedMongoStore(new KeyAwareH2Backend(store), file.toAbsolutePath().toString(), port);
    }

    /** A store in memory, for tests that are not about persistence. */
    public static EmbeddedMongoStore inMemory() {
        return new EmbeddedMongoStore(new KeyAwareH2Backend(MVStore.open(null)), "in memory", 0);
    }

    /** The H2 backend behind the server, for reads made in this process ({@link InProcessReads}). */
    KeyAwareH2Backend backend() {
        return backend;
    }

    /** The port it listens on. */
    public int port() {
        return address.getPort();
    }

    public String connectionString(String database) {
        return "mongodb://" + address.getHostString() + ":" + address.getPort() + "/" + database;
    }

    /** Commits the H2 store, so what was written so far survives a killed process. */
    public void commit() {
        backend.commit();
    }

    /** Stops accepting connections, then closes the H2 file after a final commit. */
    @Override
    public void close() {
        server.shutdownNow();
        log.info("Embedded store closed ({})", description);
    }
}
