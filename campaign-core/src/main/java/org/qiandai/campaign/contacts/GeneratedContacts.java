package org.qiandai.campaign.contacts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Writes {@code n} synthetic contacts in exactly the stored form an import leaves ({@link ContactStore#document}),
 * numbers encrypted and hashed with the given keys, in unordered {@code insertMany} batches: for benchmarks and
 * load runs that need a large stored audience without the import's per-row checks. Contact {@code i} has the mobile
 * number {@link #phone(int)}, one of {@code districts} in turn, a birth year spread over ages 18–77, and every 200th
 * is a landline (excluded from SMS pushes as having no valid number).
 */
public final class GeneratedContacts {

    private static final int BATCH = 1000;

    private GeneratedContacts() {
    }

    /** The E.164 number of contact {@code i}: a mobile, or for every 200th a Baotou landline. */
    public static String phone(int i) {
        return isLandline(i) ? String.format("+86472%07d", i % 10_000_000) : String.format("+86138%08d", i);
    }

    public static boolean isLandline(int i) {
        return i % 200 == 199;
    }

    /**
     * Writes the contacts in {@code _id} order (the ids are computed and sorted first, about 100 bytes a contact):
     * random-order inserts cost the embedded store a page rewrite each and would make loading a million take many
     * minutes; what is stored is the same.
     *
     * @return how many were written
     */
    public static long insert(MongoTemplate mongo, PhoneCrypto crypto, int n, List<String> districts, int thisYear, Instant at) {
        String[] ids = new String[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            ids[i] = crypto.hash(phone(i));
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparing(i -> ids[i]));
        MongoCollection<Document> contacts = mongo.getCollection(ContactStore.COLLECTION);
        List<Document> batch = new ArrayList<>(BATCH);
        long written = 0;
        for (int i : order) {
            String e164 = phone(i);
            ContactRecord record = new ContactRecord(ids[i], crypto.encrypt(e164), PhoneNumber.mask(e164.substring(3)), !isLandline(i),
                    districts.get(i % districts.size()), thisYear - 18 - i % 60, i % 2 == 0 ? "女" : "男", null, null,
                    ContactRecord.DEFAULT_LANGUAGE, "generated", null);
            batch.add(ContactStore.document(record, "generator", null, at));
            if (batch.size() == BATCH) {
                contacts.insertMany(batch, new InsertManyOptions().ordered(false));
                written += batch.size();
                batch = new ArrayList<>(BATCH);
            }
        }
        if (!batch.isEmpty()) {
            contacts.insertMany(batch, new InsertManyOptions().ordered(false));
            written += batch.size();
        }
        return written;
    }
}
