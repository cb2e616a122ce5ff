package org.qiandai.campaign.store;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.List;
import java.util.Map.Entry;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;

/**
 * The {@code _id} index of a collection in the embedded store. A collection's documents are an H2 map keyed by
 * {@code _id}, so for string ids (every natural id here) that map is the index: lookups and duplicate checks read it
 * directly. mongo-java-server's own index keeps a second map keyed by {@code KeyValue} objects that H2 can only
 * compare by serialising both, on every insert and update; it is kept here only for ids of other types (and holds
 * the string ids of a data file written before, which are never consulted and are removed with their documents).
 */
final class StringIdIndex extends AbstractUniqueIndex<Object> {

    private final MVMap<Object, Document> documents;
    private final MVMap<KeyValue, Object> others;

    StringIdIndex(String name, List<IndexKey> keys, MVMap<Object, Document> documents, MVMap<KeyValue, Object> others) {
        super(name, keys, false);
        this.documents = documents;
        this.others = others;
    }

    private static String stringId(KeyValue key) {
        return key.size() == 1 && key.get(0) instanceof String id ? id : null;
    }

    @Override
    protected Object getPosition(KeyValue key) {
        String id = stringId(key);
        if (id != null) {
            return documents.containsKey(id) ? id : null;
        }
        return others.get(key);
    }

    /** A string id's document is already in the documents' map when the collection adds it to its indexes. */
    @Override
    public synchronized void add(Document document, Object position, MongoCollection<Object> collection) {
        if (document.get("_id") instanceof String) {
            return;
        }
        super.add(document, position, collection);
    }

    @Override
    protected boolean putKeyPosition(KeyValue key, Object position) {
        if (stringId(key) != null) {
            return true;
        }
        return others.putIfAbsent(key, Missing.ofNullable(position)) == null;
    }

    @Override
    protected Object removeDocument(KeyValue key) {
        String id = stringId(key);
        if (id != null) {
            if (!others.isEmpty()) {
                others.remove(key); // an entry from a data file written before this index
            }
            return documents.containsKey(id) ? id : null;
        }
        return others.remove(key);
    }

    @Override
    protected Iterable<Entry<KeyValue, Object>> getIterable() {
        return () -> {
            Stream<Entry<KeyValue, Object>> strings = documents.keySet().stream().filter(String.class::isInstance)
                    .map(id -> new SimpleImmutableEntry<>(new KeyValue(id), id));
            Stream<Entry<KeyValue, Object>> rest = others.entrySet().stream().filter(e -> stringId(e.getKey()) == null);
            return Stream.concat(strings, rest).iterator();
        };
    }

    @Override
    public long getCount() {
        return documents.sizeAsLong();
    }

    @Override
    public boolean isEmpty() {
        return documents.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }
}
