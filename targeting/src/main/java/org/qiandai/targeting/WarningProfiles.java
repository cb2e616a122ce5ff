package org.qiandai.targeting;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.qiandai.campaign.warnings.ProfileMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Early warnings' profile scoring: the person at risk scored against the <em>latest finished</em> profiling run (the
 * newest DONE run by creation time, whatever its filter), with the attributes a lead carries (age, gender, occupation,
 * fraud type, district; those the run was not built on are left out). Which run is the latest is looked up at most
 * every five seconds and its model read only when that changes, so scoring a lead costs no store round trip. No finished run: no match,
 * and the warning falls back to the fraud type's.
 */
@Component
class WarningProfiles implements ProfileMatcher {

    private static final Logger log = LoggerFactory.getLogger(WarningProfiles.class);
    static final long REFRESH_NANOS = 5_000_000_000L;

    private final ProfileRunStore store;
    private final VictimProfiler profiler;
    private volatile Loaded loaded;

    WarningProfiles(ProfileRunStore store, VictimProfiler profiler) {
        this.store = store;
        this.profiler = profiler;
    }

    /** A finished run's model and profiles, and when they were read ({@code model} null: no finished run then). */
    private record Loaded(String runId, ProfileModel model, List<Profile> profiles, long readAt) {
    }

    @Override
    public Optional<ProfileMatch> match(PersonTraits person) {
        Loaded run = current();
        if (run.model() == null) {
            return Optional.empty();
        }
        Map<CaseFeature, String> attributes = new EnumMap<>(CaseFeature.class);
        put(attributes, CaseFeature.AGE, person.age() == null ? null : person.age().toString());
        put(attributes, CaseFeature.GENDER, person.gender());
        put(attributes, CaseFeature.OCCUPATION, person.occupation());
        put(attributes, CaseFeature.FRAUD_TYPE, person.fraudType());
        put(attributes, CaseFeature.DISTRICT, person.district());
        ProfileScore score = profiler.score(run.model(), attributes);
        Profile profile = run.profiles().stream().filter(p -> p.index() == score.profile()).findFirst().orElse(null);
        String topFraudType = profile == null || profile.topFraudTypes() == null || profile.topFraudTypes().isEmpty() ? null
                : profile.topFraudTypes().get(0).value();
        return Optional.of(new ProfileMatch(run.runId(), score.profile(), score.label(), score.confidence(), topFraudType,
                profile == null ? null : profile.medianAge()));
    }

    private static void put(Map<CaseFeature, String> attributes, CaseFeature feature, String value) {
        if (value != null && !value.isBlank()) {
            attributes.put(feature, value);
        }
    }

    private Loaded current() {
        Loaded run = loaded;
        if (run != null && System.nanoTime() - run.readAt() < REFRESH_NANOS) {
            return run;
        }
        String latest = store.list(ProfileRuns.LIST_LIMIT).stream().filter(r -> r.status() == ProfileRunStatus.DONE).map(ProfileRunSummary::id)
                .findFirst().orElse(null);
        if (latest == null) {
            run = new Loaded(null, null, List.of(), System.nanoTime());
        } else if (run != null && latest.equals(run.runId())) {
            run = new Loaded(run.runId(), run.model(), run.profiles(), System.nanoTime());
        } else {
            ProfileModel model = store.model(latest).orElse(null);
            List<Profile> profiles = store.find(latest).map(ProfileRun::profiles).orElse(List.of());
            run = new Loaded(latest, model, profiles == null ? List.of() : profiles, System.nanoTime());
            log.info("Early warnings now score leads against profiling run {}", latest);
        }
        loaded = run;
        return run;
    }
}
