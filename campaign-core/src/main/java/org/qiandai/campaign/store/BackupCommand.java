package org.qiandai.campaign.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.util.unit.DataSize;

/**
 * {@code java -jar qiandai.jar backup <file>} and {@code restore <file>}: the store is chosen as the application
 * chooses it ({@code --spring.mongodb.uri}, env {@code MONGODB_URI}, else the embedded store in
 * {@code --qiandai.data-dir}), without starting the application. Options: {@code --max-size=10GB} (the most document
 * bytes an archive may hold). Exit status 0 done, 1 refused or failed (the message says why), 2 bad usage.
 */
public final class BackupCommand {

    static final String DEFAULT_MAX_SIZE = "10GB";

    private BackupCommand() {
    }

    /** {@code args[0]} is {@code backup} or {@code restore}; {@code args[1]} the archive; options after. */
    public static void main(String[] args) {
        quietLogs();
        int status = run(args, System.out::println, System.err::println, System.getenv());
        if (status != 0) {
            System.exit(status);
        }
    }

    /** The command speaks for itself: the drivers' and the embedded server's INFO lines would bury what it says. */
    private static void quietLogs() {
        try {
            LoggingSystem logging = LoggingSystem.get(BackupCommand.class.getClassLoader());
            logging.beforeInitialize();
            logging.initialize(new LoggingInitializationContext(new StandardEnvironment()), null, null);
            logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.WARN);
        } catch (RuntimeException e) {
            System.err.println("(logging left as configured: " + e.getMessage() + ")");
        }
    }

    /** Runs the command, answering its exit status; the environment map stands for the process environment. */
    public static int run(String[] args, Consumer<String> out, Consumer<String> err, java.util.Map<String, String> env) {
        List<String> positional = new ArrayList<>();
        List<String> options = new ArrayList<>();
        for (String arg : args) {
            (arg.startsWith("--") ? options : positional).add(arg);
        }
        if (positional.size() != 2 || !(positional.get(0).equals("backup") || positional.get(0).equals("restore"))) {
            err.accept("usage: java -jar qiandai.jar backup|restore <file.zip> [--qiandai.data-dir=./data | --spring.mongodb.uri=… | env MONGODB_URI] [--max-size=" + DEFAULT_MAX_SIZE + "]");
            return 2;
        }
        ConfigurableEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(options.toArray(String[]::new)));
        environment.getPropertySources().addAfter(SimpleCommandLinePropertySource.COMMAND_LINE_PROPERTY_SOURCE_NAME,
                new org.springframework.core.env.SystemEnvironmentPropertySource("given-environment", new java.util.HashMap<>(env)));
        String command = positional.get(0);
        Path archive = Path.of(positional.get(1));
        long maxBytes;
        try {
            maxBytes = DataSize.parse(environment.getProperty("max-size", DEFAULT_MAX_SIZE)).toBytes();
        } catch (RuntimeException e) {
            err.accept("--max-size: " + environment.getProperty("max-size") + " is not a size (write 10GB, 500MB)");
            return 2;
        }
        StoreBackup backup = new StoreBackup(maxBytes, out);
        try (Target target = Target.open(environment, command.equals("restore"))) {
            if (command.equals("backup")) {
                out.accept("Backing up " + target.description + " to " + archive.toAbsolutePath());
                StoreBackup.Manifest manifest = backup.backup(target.client.getDatabase(target.database), target.kind, archive);
                target.commit();
                out.accept(String.format("Wrote %d collections, %,d documents (%,d bytes of BSON) to %s",
                        manifest.collections().size(), manifest.documents(), manifest.bytes(), archive.toAbsolutePath()));
                out.accept(keyNote(environment, target));
            } else {
                out.accept("Restoring " + archive.toAbsolutePath() + " into " + target.description);
                StoreBackup.Manifest manifest = backup.restore(archive, target.client.getDatabase(target.database));
                target.commit();
                out.accept(String.format("Restored %d collections, %,d documents (backup of %s taken %s)",
                        manifest.collections().size(), manifest.documents(), manifest.source(), manifest.createdAt()));
                out.accept("The phone numbers in it are encrypted: start the application with the key the backed-up store used "
                        + "(QIANDAI_CRYPTO_KEY, and QIANDAI_CRYPTO_HMAC_KEY if it was set, or its <data-dir>/qiandai.key copied into the new data directory).");
            }
            return 0;
        } catch (StoreBackup.BackupException e) {
            err.accept(command + " refused: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.accept(command + " failed: " + e);
            return 1;
        }
    }

    private static String keyNote(ConfigurableEnvironment environment, Target target) {
        String configured = environment.getProperty("qiandai.crypto.key");
        if (configured != null && !configured.isBlank()) {
            return "The archive holds phone numbers encrypted with qiandai.crypto.key (QIANDAI_CRYPTO_KEY), which is NOT in it: "
                    + "restoring needs the same key (and QIANDAI_CRYPTO_HMAC_KEY if set). Keep the key in your secret store, apart from the archive.";
        }
        if (target.keyFile != null && Files.exists(target.keyFile)) {
            return "The archive holds phone numbers encrypted with the key in " + target.keyFile + ", which is NOT in it: "
                    + "keep a copy of that file (apart from the archive, owner-only); restoring needs it in the new data directory.";
        }
        return "The archive holds phone numbers encrypted with the application's key, which is NOT in it: restoring needs the same "
                + "QIANDAI_CRYPTO_KEY (and QIANDAI_CRYPTO_HMAC_KEY if set).";
    }

    /** The store to read or write, opened as the application would open it. */
    private static final class Target implements AutoCloseable {
        final MongoClient client;
        final String database;
        final String kind;
        final String description;
        final EmbeddedMongoStore embedded;
        final Path keyFile;

        private Target(MongoClient client, String database, String kind, String description, EmbeddedMongoStore embedded, Path keyFile) {
            this.client = client;
            this.database = database;
            this.kind = kind;
            this.description = description;
            this.embedded = embedded;
            this.keyFile = keyFile;
        }

        static Target open(ConfigurableEnvironment environment, boolean forRestore) {
            String uri = environment.getProperty("spring.mongodb.uri");
            if (uri == null || uri.isBlank()) {
                uri = environment.getProperty("MONGODB_URI");
            }
            if (uri != null && !uri.isBlank()) {
                ConnectionString connection = new ConnectionString(uri);
                if (connection.getDatabase() == null) {
                    connection = new ConnectionString(StoreConfiguration.insertDatabase(uri));
                }
                String hosts = String.join(",", connection.getHosts());
                return new Target(MongoClients.create(connection), connection.getDatabase(), "mongodb",
                        "MongoDB " + hosts + ", database " + connection.getDatabase(), null, null);
            }
            Path dataDir = Path.of(environment.getProperty("qiandai.data-dir", "./data"));
            Path file = dataDir.resolve("qiandai.mv.db");
            if (!forRestore && !Files.exists(file)) {
                throw new StoreBackup.BackupException("no embedded store at " + file.toAbsolutePath()
                        + " (give --qiandai.data-dir, or MONGODB_URI for a MongoDB)");
            }
            EmbeddedMongoStore store;
            try {
                store = EmbeddedMongoStore.onFile(file);
            } catch (IllegalStateException e) {
                throw new StoreBackup.BackupException("cannot open " + file.toAbsolutePath() + " (" + e.getMessage()
                        + "): is the application running on this data directory? Stop it first", e);
            }
            MongoClient client = MongoClients.create(store.connectionString(StoreConfiguration.DATABASE));
            return new Target(client, StoreConfiguration.DATABASE, "embedded", "the embedded store " + file.toAbsolutePath(),
                    store, dataDir.resolve("qiandai.key"));
        }

        void commit() {
            if (embedded != null) {
                embedded.commit();
            }
        }

        @Override
        public void close() {
            client.close();
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
