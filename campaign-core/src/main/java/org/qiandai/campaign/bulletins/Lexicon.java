package org.qiandai.campaign.bulletins;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.qiandai.campaign.cases.CaseColumn;

/**
 * A vocabulary compiled for matching, with the configured districts. Every keyword is indexed by its first character
 * (a direct table over the 64K chars), so one pass over a narrative finds every keyword in it, overlaps included.
 */
final class Lexicon {

    enum Kind { FRAUD_STRONG, FRAUD_WEAK, OCCUPATION, VENUE, CHANNEL, GENDER, DISTRICT }

    /** One keyword: what it means ({@code term} indexes the kind's list), its folded text, and its number among all. */
    record Entry(Kind kind, int term, String keyword, int id) {
    }

    /** A keyword found at {@code [start, end)} of the text. */
    record Hit(Entry entry, int start, int end) {
        Kind kind() {
            return entry.kind;
        }

        int term() {
            return entry.term;
        }
    }

    private static final Entry[] NONE = new Entry[0];

    private final Vocabulary vocabulary;
    private final List<String> districts;
    private final Entry[][] byFirst = new Entry[65536][];
    private final Map<String, String> tableHeaders = new HashMap<>();
    private final int size;

    Lexicon(Vocabulary vocabulary, List<String> districts) {
        this.vocabulary = vocabulary;
        this.districts = List.copyOf(districts);
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < vocabulary.fraudTypes().size(); i++) {
            Vocabulary.FraudTypeRule rule = vocabulary.fraudTypes().get(i);
            add(entries, Kind.FRAUD_STRONG, i, rule.strong());
            add(entries, Kind.FRAUD_STRONG, i, List.of(rule.name()));
            add(entries, Kind.FRAUD_WEAK, i, rule.weak());
        }
        addTerms(entries, Kind.OCCUPATION, vocabulary.occupations());
        addTerms(entries, Kind.VENUE, vocabulary.venues());
        addTerms(entries, Kind.CHANNEL, vocabulary.contactChannels());
        addTerms(entries, Kind.GENDER, vocabulary.genders());
        for (int i = 0; i < this.districts.size(); i++) {
            String district = this.districts.get(i);
            add(entries, Kind.DISTRICT, i, List.of(district));
            add(entries, Kind.DISTRICT, i, vocabulary.districtAliases().getOrDefault(district, List.of()));
        }
        this.size = entries.size();
        Map<Character, List<Entry>> grouped = new HashMap<>();
        for (Entry e : entries) {
            grouped.computeIfAbsent(e.keyword.charAt(0), c -> new ArrayList<>()).add(e);
        }
        grouped.forEach((c, list) -> {
            list.sort(Comparator.comparingInt((Entry e) -> -e.keyword.length()));
            byFirst[c] = list.toArray(NONE);
        });
        vocabulary.tableHeaders().forEach((field, headers) -> headers.forEach(h -> tableHeaders.put(CaseColumn.normalize(h), field)));
    }

    private static void addTerms(List<Entry> entries, Kind kind, List<Vocabulary.Term> terms) {
        for (int i = 0; i < terms.size(); i++) {
            add(entries, kind, i, terms.get(i).keywords());
        }
    }

    private static void add(List<Entry> entries, Kind kind, int term, List<String> keywords) {
        for (String keyword : keywords) {
            String folded = Texts.fold(keyword.strip());
            if (!folded.isEmpty()) {
                entries.add(new Entry(kind, term, folded, entries.size()));
            }
        }
    }

    Vocabulary vocabulary() {
        return vocabulary;
    }

    List<String> districts() {
        return districts;
    }

    /** Every keyword in the folded text, by start (longest first at the same start). */
    List<Hit> scan(String folded) {
        List<Hit> hits = new ArrayList<>(Math.max(16, folded.length() / 4));
        for (int i = 0; i < folded.length(); i++) {
            Entry[] candidates = byFirst[folded.charAt(i)];
            if (candidates == null) {
                continue;
            }
            for (Entry e : candidates) {
                if (folded.startsWith(e.keyword, i)) {
                    hits.add(new Hit(e, i, i + e.keyword.length()));
                }
            }
        }
        return hits;
    }

    String name(Kind kind, int term) {
        return switch (kind) {
            case FRAUD_STRONG, FRAUD_WEAK -> vocabulary.fraudTypes().get(term).name();
            case OCCUPATION -> vocabulary.occupations().get(term).name();
            case VENUE -> vocabulary.venues().get(term).name();
            case CHANNEL -> vocabulary.contactChannels().get(term).name();
            case GENDER -> vocabulary.genders().get(term).name();
            case DISTRICT -> districts.get(term);
        };
    }

    /** How many keywords there are (entry ids run from 0 to this). */
    int size() {
        return size;
    }

    int fraudTypeCount() {
        return vocabulary.fraudTypes().size();
    }

    /**
     * The field a table header names ({@code reportDate} … {@code loss}, or {@code narrative}): the case import's
     * headers first, then the vocabulary's {@code tableHeaders}.
     */
    Optional<String> tableField(String header) {
        Optional<CaseColumn> column = CaseColumn.forHeader(header);
        if (column.isPresent()) {
            String field = switch (column.get()) {
                case REPORT_DATE -> BulletinField.REPORT_DATE.key();
                case DISTRICT -> BulletinField.DISTRICT.key();
                case AGE -> BulletinField.AGE.key();
                case GENDER -> BulletinField.GENDER.key();
                case OCCUPATION -> BulletinField.OCCUPATION.key();
                case FRAUD_TYPE -> BulletinField.FRAUD_TYPE.key();
                case CONTACT_CHANNEL -> BulletinField.CONTACT_CHANNEL.key();
                case VENUE -> BulletinField.VENUE.key();
                case LOSS -> BulletinField.LOSS.key();
                case NOTE -> "narrative";
                case CASE_NO, EDUCATION -> null;
            };
            return Optional.ofNullable(field);
        }
        return Optional.ofNullable(tableHeaders.get(CaseColumn.normalize(header)));
    }
}
