package org.qiandai.web.profiles;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

import org.qiandai.campaign.cases.CaseRecord;
import org.qiandai.targeting.CaseFeature;
import org.qiandai.targeting.FeatureSummary;
import org.qiandai.targeting.KSelection;
import org.qiandai.targeting.Profile;
import org.qiandai.targeting.ProfileModel;
import org.qiandai.targeting.ProfileParameters;
import org.qiandai.targeting.ProfileScore;
import org.qiandai.targeting.ProfilingCancelledException;
import org.qiandai.targeting.ProfilingOutcome;
import org.qiandai.targeting.ProfilingProgress;
import org.qiandai.targeting.ScatterPoint;
import org.qiandai.targeting.ValueShare;
import org.qiandai.targeting.VictimProfiler;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A deterministic stand-in for the engine, for tests of what surrounds it: profiles are occupations taken in turn
 * (k fixed, else 3), described from real counts. With seed {@value #SLOW_SEED} it reports progress until cancelled.
 */
public class FakeVictimProfiler extends VictimProfiler {

    public static final long SLOW_SEED = 99;

    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {
        @Bean
        @Primary
        FakeVictimProfiler fakeVictimProfiler() {
            return new FakeVictimProfiler();
        }
    }

    @Override
    public ProfilingOutcome profile(List<CaseRecord> cases, ProfileParameters parameters, ProfilingProgress progress) {
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("there are no cases to profile");
        }
        if (parameters.seed() == SLOW_SEED) {
            long until = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < until) {
                progress.report(0.3, "clustering");
                if (progress.cancelled()) {
                    throw new ProfilingCancelledException();
                }
                sleep(50);
            }
        }
        progress.report(0.5, "clustering");
        List<String> occupations = cases.stream().map(c -> Objects.toString(c.occupation(), "未知")).distinct().sorted().toList();
        int k = parameters.k() != null ? parameters.k() : Math.min(3, occupations.size());
        Map<String, Integer> profileOf = new HashMap<>();
        for (int i = 0; i < occupations.size(); i++) {
            profileOf.put(occupations.get(i), i % k);
        }
        int[] assignments = new int[cases.size()];
        List<List<CaseRecord>> members = new ArrayList<>();
        for (int p = 0; p < k; p++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < cases.size(); i++) {
            assignments[i] = profileOf.get(Objects.toString(cases.get(i).occupation(), "未知"));
            members.get(assignments[i]).add(cases.get(i));
        }
        List<Profile> profiles = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int p = 0; p < k; p++) {
            List<CaseRecord> m = members.get(p);
            List<ValueShare> occ = shares(m, cases, c -> Objects.toString(c.occupation(), "未知"));
            List<ValueShare> age = shares(m, cases, FakeVictimProfiler::band);
            List<ValueShare> fraud = shares(m, cases, c -> Objects.toString(c.fraudType(), "未知"));
            List<ValueShare> venue = shares(m, cases, c -> Objects.toString(c.venue(), "未知"));
            List<ValueShare> channel = shares(m, cases, c -> Objects.toString(c.contactChannel(), "未知"));
            String label = (occ.isEmpty() ? "—" : occ.get(0).value()) + " · " + (fraud.isEmpty() ? "—" : fraud.get(0).value())
                    + " · " + (age.isEmpty() ? "" : age.get(0).value());
            labels.add(label);
            List<Integer> ages = m.stream().map(CaseRecord::victimAge).filter(Objects::nonNull).sorted().toList();
            List<BigDecimal> losses = m.stream().map(CaseRecord::loss).filter(Objects::nonNull).sorted().toList();
            profiles.add(new Profile(p, label, "EN " + label, m.size(), (double) m.size() / cases.size(),
                    List.of(new FeatureSummary(CaseFeature.AGE, age), new FeatureSummary(CaseFeature.OCCUPATION, occ),
                            new FeatureSummary(CaseFeature.FRAUD_TYPE, fraud), new FeatureSummary(CaseFeature.VENUE, venue),
                            new FeatureSummary(CaseFeature.CONTACT_CHANNEL, channel)),
                    ages.isEmpty() ? null : (double) ages.get(ages.size() / 2), losses.isEmpty() ? null : losses.get(losses.size() / 2),
                    losses.stream().reduce(BigDecimal.ZERO, BigDecimal::add), fraud, venue, channel, 0.9 - p * 0.05));
        }
        List<KSelection.KScore> scores = new ArrayList<>();
        for (int kk = 2; kk <= 6; kk++) {
            scores.add(new KSelection.KScore(kk, 1.0 / (1 + Math.abs(kk - k)), 100.0 / kk));
        }
        KSelection selection = parameters.k() != null ? new KSelection("fixed", List.of(), k, "fixed by the analyst", cases.size())
                : new KSelection("stability", scores, k, "the most stable k", cases.size());
        List<ScatterPoint> scatter = new ArrayList<>();
        for (int i = 0; i < Math.min(500, cases.size()); i++) {
            CaseRecord c = cases.get(i);
            scatter.add(new ScatterPoint(c.caseNo(), assignments[i] * 3 + Math.floorMod(c.caseNo().hashCode(), 100) / 100.0,
                    c.victimAge() == null ? 0 : c.victimAge() / 20.0, assignments[i]));
        }
        ProfileModel model = new ProfileModel(List.of(CaseFeature.OCCUPATION), Map.of("OCCUPATION", occupations),
                Map.of("AGE", List.of(40.0, 15.0)), List.of(List.of(1.0, 0.0)), labels);
        progress.report(1, "profiles");
        return new ProfilingOutcome(k, selection, profiles, Map.of("distortion", 12.5, "meanStability", 0.85), scatter, assignments, model);
    }

    @Override
    public ProfileScore score(ProfileModel model, Map<CaseFeature, String> attributes) {
        int best = 0;
        String occupation = attributes.get(CaseFeature.OCCUPATION);
        List<String> vocabulary = model.vocabularies().get("OCCUPATION");
        if (occupation != null && vocabulary.contains(occupation)) {
            best = vocabulary.indexOf(occupation) % model.labels().size();
        }
        List<ProfileScore.Fit> fits = new ArrayList<>();
        for (int p = 0; p < model.labels().size(); p++) {
            fits.add(new ProfileScore.Fit(p, model.labels().get(p), p == best ? 0.8 : 0.2 / Math.max(1, model.labels().size() - 1),
                    p == best ? 0.5 : 2));
        }
        return new ProfileScore(best, model.labels().get(best), 0.8, fits);
    }

    private static String band(CaseRecord c) {
        Integer age = c.victimAge();
        if (age == null) {
            return "未知";
        }
        int[] edges = {18, 26, 36, 46, 60, 70};
        String[] names = {"18岁以下", "18–25岁", "26–35岁", "36–45岁", "46–59岁", "60–69岁", "70岁以上"};
        for (int i = 0; i < edges.length; i++) {
            if (age < edges[i]) {
                return names[i];
            }
        }
        return names[names.length - 1];
    }

    private static List<ValueShare> shares(List<CaseRecord> members, List<CaseRecord> all, Function<CaseRecord, String> value) {
        Map<String, Long> inProfile = new TreeMap<>();
        members.forEach(c -> inProfile.merge(value.apply(c), 1L, Long::sum));
        Map<String, Long> overall = new HashMap<>();
        all.forEach(c -> overall.merge(value.apply(c), 1L, Long::sum));
        return inProfile.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(5)
                .map(e -> {
                    double share = (double) e.getValue() / members.size();
                    double base = (double) overall.get(e.getKey()) / all.size();
                    return new ValueShare(e.getKey(), e.getValue(), share, share / base);
                })
                .sorted(Comparator.comparingDouble(ValueShare::share).reversed())
                .toList();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProfilingCancelledException();
        }
    }
}
