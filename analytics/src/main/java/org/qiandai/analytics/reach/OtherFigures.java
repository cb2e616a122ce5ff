package org.qiandai.analytics.reach;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.qiandai.campaign.campaigns.Activity;

/**
 * The reported, estimated and recorded figures: partner reports (impressions and unique users, by partner, district
 * and day), offline activities (estimated audiences and actions held) and queued push occurrences (actions). Never
 * mixed into measured reach: they have fields of their own. Used by live counting and the rebuild alike.
 */
final class OtherFigures {

    private OtherFigures() {
    }

    /** A partner's figures for a push, district and day changed by these differences. */
    static void report(String partner, String campaignId, String district, LocalDate date, long impressions, long users,
                       Deltas out, String daily) {
        for (String scope : scopes(campaignId)) {
            for (Scope s : List.of(new Scope(scope, Dim.TOTAL, ReachKeys.WHOLE), new Scope(scope, Dim.CHANNEL, partner),
                    new Scope(scope, Dim.DISTRICT, district))) {
                out.inc(daily, s.docId(date), s.field(Figure.IMPRESSIONS), impressions);
                out.inc(daily, s.docId(date), s.field(Figure.REPORTED_USERS), users);
            }
        }
    }

    /**
     * An activity, counted on its first day: one action in the city, under {@code offline} and in each of its
     * districts; its estimated audience split evenly over its districts (the remainder to the first ones).
     */
    static void activity(Activity a, Deltas out, String daily) {
        List<String> districts = a.districts() == null || a.districts().isEmpty() ? List.of(ReachKeys.CITYWIDE) : a.districts();
        long audience = a.estimatedAudience();
        for (String scope : scopes(a.campaignId())) {
            for (Scope s : List.of(new Scope(scope, Dim.TOTAL, ReachKeys.WHOLE), new Scope(scope, Dim.CHANNEL, ReachKeys.OFFLINE))) {
                out.inc(daily, s.docId(a.from()), s.field(Figure.ESTIMATED), audience);
                out.inc(daily, s.docId(a.from()), s.field(Figure.ACTIVITIES), 1);
            }
            for (int i = 0; i < districts.size(); i++) {
                Scope s = new Scope(scope, Dim.DISTRICT, districts.get(i));
                long share = audience / districts.size() + (i < audience % districts.size() ? 1 : 0);
                out.inc(daily, s.docId(a.from()), s.field(Figure.ESTIMATED), share);
                out.inc(daily, s.docId(a.from()), s.field(Figure.ACTIVITIES), 1);
            }
        }
    }

    /** A queued push occurrence: one action in the city, under its channel and in each of the campaign's districts. */
    static void occurrence(String campaignId, String channel, List<String> districts, LocalDate day, Deltas out, String daily) {
        List<String> where = districts == null || districts.isEmpty() ? List.of(ReachKeys.CITYWIDE) : districts;
        for (String scope : scopes(campaignId)) {
            List<Scope> scopes = new ArrayList<>(List.of(new Scope(scope, Dim.TOTAL, ReachKeys.WHOLE), new Scope(scope, Dim.CHANNEL, channel)));
            where.forEach(d -> scopes.add(new Scope(scope, Dim.DISTRICT, d)));
            for (Scope s : scopes) {
                out.inc(daily, s.docId(day), s.field(Figure.OCCURRENCES), 1);
            }
        }
    }

    private static List<String> scopes(String campaignId) {
        return campaignId == null ? List.of(ReachKeys.ALL) : List.of(ReachKeys.ALL, campaignId);
    }
}
