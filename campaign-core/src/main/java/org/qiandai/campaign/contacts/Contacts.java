package org.qiandai.campaign.contacts;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.qiandai.campaign.audit.AuditLog;
import org.qiandai.campaign.segments.SegmentRule;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;

/**
 * Adds, reads and counts contacts. Phone numbers leave this service masked, except through {@link #reveal}, which
 * records who saw which number in the audit log.
 */
@Service
public class Contacts {

    private final ContactStore store;
    private final PhoneCrypto crypto;
    private final DoNotContactService doNotContact;
    private final AuditLog audit;
    private final Clock clock;

    Contacts(ContactStore store, PhoneCrypto crypto, DoNotContactService doNotContact, AuditLog audit, Clock clock) {
        this.store = store;
        this.crypto = crypto;
        this.doNotContact = doNotContact;
        this.audit = audit;
        this.clock = clock;
    }

    /** The result of adding one contact: it, and whether it was new. */
    public record Added(ContactView contact, boolean created) {
    }

    /**
     * Adds a contact, or updates the one with the same number.
     *
     * @throws ContactRejectedException naming the field and why (a number that is not a phone number, a bad age …)
     */
    public Added add(ContactDraft draft, String user) {
        if (draft == null) {
            throw new ContactRejectedException("a contact needs a body with at least phone");
        }
        ContactRecord record = record(draft.phone(), draft.district(), draft.age(), draft.birthYear(), draft.gender(), draft.occupation(),
                draft.education(), draft.language(), draft.source() == null || draft.source().isBlank() ? "manual" : draft.source(),
                draft.consentDate());
        ContactStore.Applied applied = store.write(List.of(record), user, null, clock.instant());
        return new Added(get(record.id()).orElseThrow(), applied.inserted() == 1);
    }

    /** Checks and tidies one contact's fields; shared by {@link #add} and the import. */
    ContactRecord record(String phone, String district, Integer age, Integer birthYear, String gender, String occupation,
                         String education, String language, String source, LocalDate consentDate) {
        PhoneNumber number;
        try {
            number = PhoneNumber.parse(phone);
        } catch (PhoneNumber.Invalid e) {
            throw new ContactRejectedException("phone: " + e.getMessage());
        }
        LocalDate today = LocalDate.now(clock);
        if (consentDate != null && consentDate.isAfter(today)) {
            throw new ContactRejectedException("consentDate lies in the future (today is " + today + ")");
        }
        return new ContactRecord(crypto.hash(number.e164()), crypto.encrypt(number.e164()), number.masked(), number.mobile(),
                ContactRecord.text("district", district), ContactRecord.birthYear(birthYear, age, today.getYear()),
                ContactRecord.gender(gender), ContactRecord.text("occupation", occupation), ContactRecord.text("education", education),
                ContactRecord.language(language), ContactRecord.text("source", source), consentDate);
    }

    public Optional<ContactView> get(String id) {
        return store.find(id).map(d -> view(d, doNotContact.containsHash(id)));
    }

    /** A page of contacts, newest first. */
    public Page<ContactView> find(ContactFilter filter, Pageable pageable) {
        List<Bson> parts = new ArrayList<>();
        if (filter != null) {
            addEq(parts, "district", filter.district());
            addEq(parts, "occupation", filter.occupation());
            addEq(parts, "source", filter.source());
            addEq(parts, "gender", filter.gender());
            addEq(parts, "education", filter.education());
            addEq(parts, "language", filter.language());
        }
        Bson where = parts.isEmpty() ? new Document() : Filters.and(parts);
        List<Document> docs = store.page(where, (int) pageable.getOffset(), pageable.getPageSize());
        Set<String> blocked = doNotContact.containingHashes(docs.stream().map(d -> d.getString("_id")).toList());
        List<ContactView> views = docs.stream().map(d -> view(d, blocked.contains(d.getString("_id")))).toList();
        return new PageImpl<>(views, pageable, store.count(where));
    }

    /** How many contacts match a rule now (the rule is checked first). */
    public long count(SegmentRule rule) {
        return store.count(ContactRules.filter(rule.check(), LocalDate.now(clock).getYear()));
    }

    /**
     * The values stored for one text attribute ({@code district}, {@code occupation}, {@code source}, {@code gender},
     * {@code education}, {@code language}), sorted; for the pages' choices.
     */
    public List<String> presentValues(String field) {
        if (!Set.of("district", "occupation", "source", "gender", "education", "language").contains(field)) {
            throw new IllegalArgumentException("no contact attribute '" + field + "'");
        }
        List<String> values = new ArrayList<>();
        store.collection().distinct(field, String.class).forEach(v -> {
            if (v != null && !v.isBlank()) {
                values.add(v);
            }
        });
        values.sort(null);
        return values;
    }

    public long total() {
        return store.collection().estimatedDocumentCount();
    }

    /**
     * The number in clear (E.164) for one contact, recorded in the audit log as {@code contact.reveal} with who and
     * from where; empty when there is no such contact.
     */
    public Optional<String> reveal(String id, String user, String remoteAddress) {
        return store.find(id).map(d -> {
            audit.record(user, "contact.reveal", "contact", id, "phone " + d.getString("phoneMasked"), remoteAddress);
            return crypto.decrypt(d.getString("phone"));
        });
    }

    private static void addEq(List<Bson> parts, String field, String value) {
        if (value != null && !value.isBlank()) {
            parts.add(Filters.eq(field, value.strip()));
        }
    }

    private ContactView view(Document d, boolean blocked) {
        ContactRecord r = ContactStore.record(d);
        Integer age = r.birthYear() == null ? null : LocalDate.now(clock).getYear() - r.birthYear();
        return new ContactView(r.id(), r.maskedPhone(), r.mobile(), r.district(), r.birthYear(), age, r.gender(), r.occupation(),
                r.education(), r.language(), r.source(), r.consentDate(), blocked, d.getString("createdBy"), instant(d.getDate("createdAt")),
                instant(d.getDate("updatedAt")));
    }

    private static java.time.Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
