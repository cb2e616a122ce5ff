package org.qiandai.campaign.bulletins;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

/**
 * The vocabulary in force, read from {@code qiandai.bulletins.vocabulary}. A vocabulary that does not load at start-up
 * stops the start (with the reason); a {@code file:} vocabulary is read again when its modification time changes (checked
 * at most every two seconds), and an edit that does not load leaves the previous vocabulary in force and is reported.
 */
@Component
class VocabularySource {

    private static final Logger log = LoggerFactory.getLogger(VocabularySource.class);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(2);

    /** The vocabulary in force and where and when it was read; {@code problem} says why a later edit was not taken. */
    record Status(Vocabulary vocabulary, String location, Instant loadedAt, String problem) {
    }

    private record Loaded(Lexicon lexicon, Instant at, long modified) {
    }

    private final Resource resource;
    private final String location;
    private final List<String> districts;
    private final Clock clock;
    private final long checkEveryMillis;
    private volatile Loaded loaded;
    private volatile String problem;
    private volatile long checkedAt;

    @Autowired
    VocabularySource(BulletinLimits limits, ResourceLoader resources, Clock clock) {
        this(limits, resources, clock, CHECK_EVERY);
    }

    VocabularySource(BulletinLimits limits, ResourceLoader resources, Clock clock, Duration checkEvery) {
        this.checkEveryMillis = checkEvery.toMillis();
        this.location = limits.vocabulary();
        this.resource = resources.getResource(location);
        this.districts = limits.districts();
        this.clock = clock;
        try {
            this.loaded = load();
        } catch (Vocabulary.Invalid e) {
            throw new IllegalStateException("The bulletin vocabulary cannot be used (qiandai.bulletins.vocabulary): " + e.getMessage(), e);
        }
    }

    /** The bundled vocabulary with the given districts, for code running outside the application (the benchmark). */
    static Lexicon bundled(List<String> districts) {
        Resource resource = new DefaultResourceLoader().getResource(BulletinLimits.DEFAULT_VOCABULARY);
        try (InputStream in = resource.getInputStream()) {
            return new Lexicon(Vocabulary.parse(in, BulletinLimits.DEFAULT_VOCABULARY), districts);
        } catch (IOException | Vocabulary.Invalid e) {
            throw new IllegalStateException(e);
        }
    }

    Lexicon lexicon() {
        refreshIfChanged();
        return loaded.lexicon();
    }

    Status status() {
        refreshIfChanged();
        Loaded now = loaded;
        return new Status(now.lexicon().vocabulary(), location, now.at(), problem);
    }

    private void refreshIfChanged() {
        if (!resource.isFile()) {
            return;
        }
        long now = System.currentTimeMillis();
        if (now - checkedAt < checkEveryMillis) {
            return;
        }
        checkedAt = now;
        long modified = modified();
        if (modified == loaded.modified()) {
            return;
        }
        synchronized (this) {
            if (modified == loaded.modified()) {
                return;
            }
            try {
                loaded = load();
                problem = null;
                log.info("Read the bulletin vocabulary again from {}", location);
            } catch (Vocabulary.Invalid e) {
                problem = e.getMessage();
                // remember this version as seen, so that the same broken edit is not read and logged every time
                loaded = new Loaded(loaded.lexicon(), loaded.at(), modified);
                log.warn("The edited bulletin vocabulary was not taken, the previous one stays in force: {}", e.getMessage());
            }
        }
    }

    private Loaded load() throws Vocabulary.Invalid {
        long modified = modified();
        try (InputStream in = resource.getInputStream()) {
            return new Loaded(new Lexicon(Vocabulary.parse(in, location), districts), clock.instant(), modified);
        } catch (IOException e) {
            throw new Vocabulary.Invalid(location + " cannot be read: " + e.getMessage());
        }
    }

    private long modified() {
        try {
            return resource.isFile() ? resource.lastModified() : 0;
        } catch (IOException e) {
            return -1;
        }
    }
}
