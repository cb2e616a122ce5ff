package org.qiandai.campaign.bulletins;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.bson.Document;
import org.qiandai.campaign.cases.CaseImports;
import org.qiandai.campaign.cases.CaseRecord;
import org.qiandai.campaign.cases.CaseRejectedException;
import org.qiandai.campaign.cases.CaseSource;
import org.qiandai.campaign.cases.StoredCase;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;
import org.springframework.util.unit.DataSize;

/**
 * Case bulletins: reads a page into draft cases and keeps it, lists and shows kept bulletins, and records the analyst's
 * review: a confirmed draft (with the analyst's corrections) becomes a case record whose source is the bulletin; a
 * discarded one does not. The same page is never kept twice (its id comes from its content).
 */
@Service
@EnableConfigurationProperties(BulletinLimits.class)
public class Bulletins {

    /** Where a case record made from a bulletin says it came from: the import list shows bulletins with this format. */
    public static final String SOURCE_FORMAT = "bulletin";
    static final int MAX_NOTE = 4000;

    /** A page to read: uploaded bytes, pasted HTML or text, or (when allowed) a URL; with what the analyst says of it. */
    public record Input(byte[] bytes, String html, String url, String fileName, String source, LocalDate published) {

        public static Input file(byte[] bytes, String fileName, String source, LocalDate published) {
            return new Input(bytes, null, null, fileName, source, published);
        }

        public static Input pasted(String html, String source, LocalDate published) {
            return new Input(null, html, null, null, source, published);
        }

        public static Input fetched(String url, String source, LocalDate published) {
            return new Input(null, null, url, null, source, published);
        }
    }

    /**
     * The analyst's decision on a draft: the case number to store it under ({@code null}: the draft's id) and corrected
     * values by field key; a key left out keeps what was read, a {@code null} or blank value clears the field.
     */
    public record Correction(String caseNo, Map<String, Object> fields) {
        public Correction {
            fields = fields == null ? Map.of() : fields;
        }
    }

    /** A confirmed draft and the case record it became. */
    public record Confirmation(String bulletinId, DraftView draft, @JsonProperty("case") StoredCase storedCase) {
    }

    /** The vocabulary in force, where it was read from and when, and why a later edit was not taken (if so). */
    public record VocabularyStatus(String location, Instant loadedAt, String problem, List<String> districts, Vocabulary vocabulary) {
    }

    private record ReaderFor(Lexicon lexicon, BulletinReader reader) {
    }

    private final BulletinStore store;
    private final VocabularySource vocabulary;
    private final BulletinLimits limits;
    private final CaseImports cases;
    private final Clock clock;
    private final PageFetcher fetcher;
    private volatile ReaderFor reader;

    Bulletins(BulletinStore store, VocabularySource vocabulary, BulletinLimits limits, CaseImports cases, Clock clock) {
        this.store = store;
        this.vocabulary = vocabulary;
        this.limits = limits;
        this.cases = cases;
        this.clock = clock;
        this.fetcher = new PageFetcher(limits.fetch());
    }

    public BulletinLimits limits() {
        return limits;
    }

    /** Whether pages may be fetched by URL (an administrator allowed hosts). */
    public boolean fetchingEnabled() {
        return fetcher.enabled();
    }

    /**
     * Reads a page and keeps it with its drafts. Throws {@link BulletinRefusedException} for a page that cannot be read
     * (too large, too deeply nested, not text, too many cases) and {@link DuplicateBulletinException} for one read before.
     */
    public BulletinView read(Input input, String user) {
        String fileName = input.fileName();
        BulletinReader.Read read;
        String source = blankToNull(input.source());
        if (input.url() != null && !input.url().isBlank()) {
            PageFetcher.Fetched page = fetcher.fetch(input.url());
            fileName = page.url().toString();
            source = source != null ? source : page.url().getHost();
            read = reader().read(page.bytes(), fileName, input.published());
        } else if (input.bytes() != null) {
            checkSize(input.bytes().length, fileName);
            read = reader().read(input.bytes(), fileName == null ? "upload" : fileName, input.published());
        } else if (input.html() != null && !input.html().isBlank()) {
            checkSize(utf8Length(input.html()), "the pasted page");
            read = reader().read(PageDecoder.clean(input.html(), "the pasted page"), input.published());
            fileName = null;
        } else {
            throw new BulletinRefusedException(BulletinRefusedException.Reason.BAD_REQUEST, "no-page",
                    "send the page as multipart field 'file', or as JSON {\"html\": \"…\"}");
        }
        Document bulletin = document(read, source, fileName, user, clock.instant());
        String id = bulletin.getString("_id");
        if (!store.insert(bulletin)) {
            throw new DuplicateBulletinException(store.find(id).map(Bulletins::summary).orElseThrow());
        }
        return view(bulletin);
    }

    /** The document a read page is kept as: id from its content, title (the page's, else the file's), its drafts. */
    static Document document(BulletinReader.Read read, String source, String fileName, String user, Instant now) {
        String id = "bl-" + read.digest().substring(0, 12);
        String title = read.title() != null ? read.title() : fileName != null ? fileName
                : read.cases().isEmpty() ? "（无标题）" : shorten(read.cases().get(0).text(), 40);
        List<Document> drafts = new ArrayList<>();
        for (int i = 0; i < read.cases().size(); i++) {
            CaseFinder.Found found = read.cases().get(i);
            drafts.add(new Document("id", draftId(id, i)).append("text", found.text()).append("heading", found.heading())
                    .append("fields", BulletinStore.fieldDocument(found.fields())).append("status", DraftStatus.DRAFT.name()));
        }
        return new Document("_id", id).append("title", shorten(title, 300))
                .append("published", read.published() == null ? null : read.published().toString())
                .append("source", source != null ? shorten(source, 200) : read.source()).append("fileName", shorten(fileName, 300))
                .append("digest", read.digest()).append("importedBy", user).append("importedAt", Date.from(now))
                .append("draftCount", drafts.size()).append("confirmed", 0).append("discarded", 0).append("drafts", drafts);
    }

    public Optional<BulletinView> find(String bulletinId) {
        return store.find(bulletinId).map(Bulletins::view);
    }

    /** The latest 200 bulletins, newest first, without their drafts. */
    public List<BulletinSummary> list() {
        return store.list(200).stream().map(Bulletins::summary).toList();
    }

    /**
     * Confirms a draft: its values, with the corrections, become a new case record whose source is the bulletin (the
     * narrative is its note). Refused (400) for a value that is wrong, naming the field; (409) when the draft was already
     * decided or the case number is taken; (404) when there is no such draft.
     */
    public Confirmation confirm(String bulletinId, String draftId, Correction correction, String user) {
        Document bulletin = bulletin(bulletinId);
        int index = index(bulletin, draftId);
        Document draft = drafts(bulletin).get(index);
        requireOpen(draft, DraftStatus.DRAFT);
        Map<String, Object> values = BulletinStore.values(valuesOf(draft));
        for (Map.Entry<String, Object> e : correction.fields().entrySet()) {
            BulletinField field = BulletinField.byKey(e.getKey()).orElseThrow(() -> new BulletinRefusedException(
                    BulletinRefusedException.Reason.BAD_REQUEST, "unknown-field", "fields." + e.getKey() + ": no such field (known: "
                    + java.util.Arrays.stream(BulletinField.values()).map(BulletinField::key).toList() + ")"));
            Object value = parse(field, e.getValue());
            if (value == null) {
                values.remove(field.key());
            } else {
                values.put(field.key(), value);
            }
        }
        String caseNo = blankToNull(correction.caseNo()) != null ? correction.caseNo().strip() : draftId;
        Object reportDate = values.get(BulletinField.REPORT_DATE.key());
        CaseRecord record = new CaseRecord(caseNo, reportDate == null ? null : LocalDate.parse(reportDate.toString()),
                (String) values.get(BulletinField.DISTRICT.key()), (Integer) values.get(BulletinField.AGE.key()),
                (String) values.get(BulletinField.GENDER.key()), (String) values.get(BulletinField.OCCUPATION.key()), null,
                (String) values.get(BulletinField.FRAUD_TYPE.key()), (String) values.get(BulletinField.CONTACT_CHANNEL.key()),
                (String) values.get(BulletinField.VENUE.key()), (BigDecimal) values.get(BulletinField.LOSS.key()),
                shorten(draft.getString("text"), MAX_NOTE));
        CaseRecord checked;
        try {
            checked = cases.checkCase(record);
        } catch (CaseRejectedException e) {
            throw new BulletinRefusedException(BulletinRefusedException.Reason.BAD_REQUEST, "invalid-field", fieldMessage(e));
        }
        Map<String, Object> stored = new LinkedHashMap<>();
        values.forEach((k, v) -> stored.put(k, BulletinStore.stored(v)));
        Instant now = clock.instant();
        Map<String, Object> decision = new LinkedHashMap<>();
        decision.put("caseNo", checked.caseNo());
        decision.put("decidedBy", user);
        decision.put("decidedAt", Date.from(now));
        decision.put("caseValues", new Document(stored));
        if (!store.decide(bulletinId, index, DraftStatus.DRAFT, DraftStatus.CONFIRMED, decision)) {
            throw alreadyDecided(bulletinId, draftId);
        }
        StoredCase created;
        try {
            created = cases.addCase(checked, new CaseSource(bulletinId, bulletin.getString("title"), SOURCE_FORMAT), user);
        } catch (RuntimeException e) {
            Map<String, Object> undo = new LinkedHashMap<>();
            undo.put("caseNo", null);
            undo.put("decidedBy", null);
            undo.put("decidedAt", null);
            undo.put("caseValues", null);
            store.decide(bulletinId, index, DraftStatus.CONFIRMED, DraftStatus.DRAFT, undo);
            if (e instanceof CaseRejectedException rejected) {
                throw new BulletinRefusedException(rejected.exists() ? BulletinRefusedException.Reason.CONFLICT
                        : BulletinRefusedException.Reason.BAD_REQUEST, rejected.exists() ? "case-exists" : "invalid-field", fieldMessage(rejected));
            }
            throw e;
        }
        DraftView confirmed = draftView(drafts(bulletin(bulletinId)).get(index));
        return new Confirmation(bulletinId, confirmed, created);
    }

    /** Discards a draft waiting for review: it will not become a case (it can be reopened). */
    public DraftView discard(String bulletinId, String draftId, String user) {
        return move(bulletinId, draftId, DraftStatus.DRAFT, DraftStatus.DISCARDED, user);
    }

    /** Puts a discarded draft back for review. */
    public DraftView reopen(String bulletinId, String draftId, String user) {
        return move(bulletinId, draftId, DraftStatus.DISCARDED, DraftStatus.DRAFT, null);
    }

    /** Deletes a bulletin none of whose drafts became a case, so that the page can be read again (with a newer vocabulary). */
    public void delete(String bulletinId) {
        Document bulletin = bulletin(bulletinId);
        if (!store.delete(bulletinId)) {
            throw new BulletinRefusedException(BulletinRefusedException.Reason.CONFLICT, "has-cases", "bulletin " + bulletinId
                    + " has " + bulletin.get("confirmed") + " confirmed case(s) and is kept as their source");
        }
    }

    public VocabularyStatus vocabulary() {
        VocabularySource.Status status = vocabulary.status();
        return new VocabularyStatus(status.location(), status.loadedAt(), status.problem(), limits.districts(), status.vocabulary());
    }

    /** The districts a narrative's district is recognised from, which the review page offers. */
    public List<String> districts() {
        return limits.districts();
    }

    private DraftView move(String bulletinId, String draftId, DraftStatus from, DraftStatus to, String user) {
        Document bulletin = bulletin(bulletinId);
        int index = index(bulletin, draftId);
        requireOpen(drafts(bulletin).get(index), from);
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("decidedBy", user);
        set.put("decidedAt", user == null ? null : Date.from(clock.instant()));
        if (!store.decide(bulletinId, index, from, to, set)) {
            throw alreadyDecided(bulletinId, draftId);
        }
        return draftView(drafts(bulletin(bulletinId)).get(index));
    }

    private BulletinReader reader() {
        Lexicon lexicon = vocabulary.lexicon();
        ReaderFor current = reader;
        if (current == null || current.lexicon() != lexicon) {
            current = new ReaderFor(lexicon, new BulletinReader(limits, lexicon));
            reader = current;
        }
        return current.reader();
    }

    /** Refuses (413) a page over {@code qiandai.bulletins.max-size}, before it is read. */
    public void requireWithinSize(long bytes, String what) {
        checkSize(bytes, what);
    }

    private void checkSize(long bytes, String what) {
        if (bytes > limits.maxSize().toBytes()) {
            throw new BulletinRefusedException(BulletinRefusedException.Reason.TOO_LARGE, "too-large", (what == null ? "the page" : "'" + what + "'")
                    + " is " + kilobytes(bytes) + ", over the limit of " + kilobytes(limits.maxSize().toBytes()) + " (qiandai.bulletins.max-size)");
        }
    }

    private static String kilobytes(long bytes) {
        return DataSize.ofBytes(bytes).toKilobytes() + " KB";
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isHighSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    private Document bulletin(String bulletinId) {
        return store.find(bulletinId).orElseThrow(() -> new BulletinRefusedException(BulletinRefusedException.Reason.NOT_FOUND,
                "not-found", "no bulletin '" + bulletinId + "'"));
    }

    private static int index(Document bulletin, String draftId) {
        List<Document> drafts = drafts(bulletin);
        for (int i = 0; i < drafts.size(); i++) {
            if (drafts.get(i).getString("id").equals(draftId)) {
                return i;
            }
        }
        throw new BulletinRefusedException(BulletinRefusedException.Reason.NOT_FOUND, "not-found",
                "bulletin " + bulletin.getString("_id") + " has no draft '" + draftId + "'");
    }

    private static void requireOpen(Document draft, DraftStatus expected) {
        if (DraftStatus.valueOf(draft.getString("status")) != expected) {
            throw decided(draft);
        }
    }

    /** The refusal for a draft no longer in the status an action needs, saying what became of it. */
    private static BulletinRefusedException decided(Document draft) {
        String what = switch (DraftStatus.valueOf(draft.getString("status"))) {
            case CONFIRMED -> "was confirmed as case " + draft.getString("caseNo");
            case DISCARDED -> "was discarded";
            case DRAFT -> "is waiting for review again";
        };
        return new BulletinRefusedException(BulletinRefusedException.Reason.CONFLICT, "already-decided", "draft "
                + draft.getString("id") + " " + what + (draft.getString("decidedBy") == null ? "" : " by " + draft.getString("decidedBy")));
    }

    /** A conditional update found the draft decided meanwhile by someone else: say what it is now. */
    private BulletinRefusedException alreadyDecided(String bulletinId, String draftId) {
        Document bulletin = bulletin(bulletinId);
        return decided(drafts(bulletin).get(index(bulletin, draftId)));
    }

    /** The values read for a draft, as stored ({@code fields.<key>.value}). */
    private static Document valuesOf(Document draft) {
        Document values = new Document();
        Document fields = draft.get("fields", Document.class);
        if (fields != null) {
            fields.forEach((key, v) -> values.append(key, ((Document) v).get("value")));
        }
        return values;
    }

    /** A corrected value from a form or JSON: {@code null} or blank clears the field. */
    static Object parse(BulletinField field, Object raw) {
        if (raw == null || raw instanceof String s && s.isBlank()) {
            return null;
        }
        String text = raw.toString().strip();
        String where = "fields." + field.key() + ": ";
        try {
            return switch (field) {
                case REPORT_DATE -> LocalDate.parse(text);
                case AGE -> {
                    if (raw instanceof Number n && n.doubleValue() != Math.rint(n.doubleValue())) {
                        throw new NumberFormatException();
                    }
                    yield raw instanceof Number n ? n.intValue() : Integer.parseInt(text);
                }
                case LOSS -> new BigDecimal(text.replace(",", ""));
                default -> text;
            };
        } catch (DateTimeParseException e) {
            throw new BulletinRefusedException(BulletinRefusedException.Reason.BAD_REQUEST, "invalid-field", where + "'" + text
                    + "' is not a date (write yyyy-MM-dd)");
        } catch (NumberFormatException e) {
            throw new BulletinRefusedException(BulletinRefusedException.Reason.BAD_REQUEST, "invalid-field", where + "'" + text
                    + "' is not " + (field == BulletinField.AGE ? "a whole number of years" : "an amount in yuan"));
        }
    }

    private static String fieldMessage(CaseRejectedException e) {
        String field = switch (e.field()) {
            case "victimAge" -> BulletinField.AGE.key();
            default -> e.field();
        };
        String message = e.getMessage();
        if (message.startsWith(e.field() + ": ")) {
            message = message.substring(e.field().length() + 2);
        }
        return (field.equals("caseNo") ? "caseNo" : "fields." + field) + ": " + message;
    }

    @SuppressWarnings("unchecked")
    private static List<Document> drafts(Document bulletin) {
        return (List<Document>) (List<?>) bulletin.getList("drafts", Document.class, List.of());
    }

    static String draftId(String bulletinId, int index) {
        return bulletinId + "-" + String.format("%03d", index + 1);
    }

    private static BulletinSummary summary(Document d) {
        return new BulletinSummary(d.getString("_id"), d.getString("title"), date(d.getString("published")), d.getString("source"),
                d.getString("fileName"), d.getString("importedBy"), BulletinStore.instant(d.getDate("importedAt")),
                number(d.get("draftCount")), number(d.get("confirmed")), number(d.get("discarded")));
    }

    private static BulletinView view(Document d) {
        List<DraftView> drafts = new ArrayList<>();
        for (Document draft : drafts(d)) {
            drafts.add(draftView(draft));
        }
        return new BulletinView(d.getString("_id"), d.getString("title"), date(d.getString("published")), d.getString("source"),
                d.getString("fileName"), d.getString("importedBy"), BulletinStore.instant(d.getDate("importedAt")),
                number(d.get("confirmed")), number(d.get("discarded")), drafts);
    }

    private static DraftView draftView(Document draft) {
        return new DraftView(draft.getString("id"), draft.getString("text"), draft.getString("heading"),
                BulletinStore.fields(draft.get("fields", Document.class)), DraftStatus.valueOf(draft.getString("status")),
                draft.getString("caseNo"), BulletinStore.values(draft.get("caseValues", Document.class)), draft.getString("decidedBy"),
                BulletinStore.instant(draft.getDate("decidedAt")));
    }

    private static LocalDate date(String text) {
        return text == null ? null : LocalDate.parse(text);
    }

    private static int number(Object value) {
        return value == null ? 0 : ((Number) value).intValue();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String shorten(String text, int max) {
        if (text == null) {
            return null;
        }
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
