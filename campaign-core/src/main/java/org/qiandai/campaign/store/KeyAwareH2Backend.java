package org.qiandai.campaign.store;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend, taught to answer a query that constrains {@code _id} from the key.
 * <p>
 * The stock backend uses an index only when a query names exactly the indexed fields, so {@code {_id: x, status: …}}
 * scans the whole collection, and a page "after the last id" reads every document before it. H2 keeps a collection
 * as one B-tree map ordered by {@code _id}, so a query whose {@code _id} (at top level or in a top-level {@code $and})
 * is a string, a list of strings ({@code $in}) or a string range ({@code $gt/$gte/$lt/$lte}) reads only those keys,
 * in key order; with no sort, {@code $natural: 1} or {@code {_id: 1}}, a limit then stops the read early, which is
 * what makes keyset paging and per-document conditional updates cost the same at a million documents as at ten.
 * Every candidate is still matched against the whole query, so the answer is the stock backend's; only the work
 * differs. A real MongoDB does the same from its {@code _id} index.
 */
final class KeyAwareH2Backend extends H2Backend {

    /** The map names H2Database gives a collection's documents and its metadata (package-private there). */
    private static final String DATA_PREFIX = "databases.";
    private static final String META_PREFIX = "meta.";

    /** Documents read as candidates by key: lets a test see that a query read its range, not the collection. */
    private final LongAdder keyedReads = new LongAdder();

    KeyAwareH2Backend(MVStore store) {
        super(store);
    }

    long keyedReads() {
        return keyedReads.sum();
    }

    /** Null-safe: H2Backend's constructor opens the stored collections before this class's fields are set. */
    private void countKeyedRead() {
        if (keyedReads != null) {
            keyedReads.increment();
        }
    }

    /**
     * A collection's documents as H2 keeps them, keyed by {@code _id} in key order, and the monitor the server holds
     * while it reads a document or changes one in place (its collections' operations are {@code synchronized}): a
     * read made in this process ({@link InProcessReads}) holds it too while it looks into a document.
     */
    record StoredDocuments(MVMap<Object, Document> map, Object lock) {
    }

    /** The documents of {@code database.collection}; null when there is no such collection. */
    StoredDocuments documentsOf(String database, String collection) {
        MongoCollection<?> found = resolveDatabase(database).resolveCollection(collection, false);
        return found instanceof KeyAwareCollection keyed && keyed.keyedById() ? new StoredDocuments(keyed.dataMap, keyed) : null;
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new KeyAwareDatabase(databaseName, getMvStore(), getCursorRegistry());
    }

    /**
     * An inner class on purpose: H2Database's constructor opens the existing collections (calling
     * {@link #openOrCreateCollection}) before a subclass could assign a field, while the enclosing backend, and so
     * its MVStore, is already reachable.
     */
    private final class KeyAwareDatabase extends H2Database {

        KeyAwareDatabase(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
            super(databaseName, store, cursorRegistry);
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            String fullName = getFullCollectionNamespace(collectionName);
            MVMap<String, Object> metaMap = store().openMap(META_PREFIX + fullName);
            return new KeyAwareCollection(this, collectionName, options, documents(fullName), metaMap, cursorRegistry);
        }

        /** A collection's documents, as BSON ({@link BsonDocumentType}); the same map object on every call. */
        private MVMap<Object, Document> documents(String fullName) {
            return store().openMap(DATA_PREFIX + fullName, new MVMap.Builder<Object, Document>().valueType(new BsonDocumentType()));
        }

        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
            boolean idIndex = keys.size() == 1 && keys.get(0).getKey().equals("_id") && !sparse;
            MongoCollection<Object> collection = idIndex ? resolveCollection(collectionName, false) : null;
            if (collection instanceof KeyAwareCollection keyed && keyed.keyedById()) {
                String fullName = getFullCollectionNamespace(collectionName);
                MVMap<KeyValue, Object> others = store().openMap(fullName + "._index_" + indexName);
                return new StringIdIndex(indexName, keys, documents(fullName), others);
            }
            if (collection == null) {
                collection = resolveCollection(collectionName, false);
            }
            if (collection instanceof KeyAwareCollection keyed) {
                String fullName = getFullCollectionNamespace(collectionName);
                OrderedUniqueIndex index = new OrderedUniqueIndex(indexName, keys, sparse,
                        store().openMap(OrderedUniqueIndex.mapName(fullName, indexName), OrderedUniqueIndex.mapBuilder()));
                if (!keyed.indexBuilt(indexName)) {
                    // new, or a build cut short, or a data file indexed by the stock backend: the collection builds it
                    // from its documents when it is added (AbstractMongoCollection.addIndex builds an empty index)
                    index.clear();
                    store().removeMap(fullName + "._index_" + indexName);
                }
                return index;
            }
            return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
        }

        @Override
        protected void dropIndex(MongoCollection<Object> collection, String indexName) {
            super.dropIndex(collection, indexName);
            String fullName = getFullCollectionNamespace(collection.getCollectionName());
            store().removeMap(OrderedUniqueIndex.mapName(fullName, indexName));
            if (collection instanceof KeyAwareCollection keyed) {
                keyed.forgetIndex(indexName);
            }
        }
    }

    private MVStore store() {
        return getMvStore();
    }

    private final class KeyAwareCollection extends H2Collection {

        private static final String INDEX_BUILT = "qiandai.indexBuilt.";

        private final MVMap<Object, Document> dataMap;
        private final MVMap<String, Object> metaMap;

        KeyAwareCollection(MongoDatabase database, String name, CollectionOptions options, MVMap<Object, Document> dataMap,
                           MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
            super(database, name, options, dataMap, metaMap, cursorRegistry);
            this.dataMap = dataMap;
            this.metaMap = metaMap;
        }

        /** Whether an {@link OrderedUniqueIndex} of this name was built completely (recorded after its build). */
        boolean indexBuilt(String indexName) {
            return metaMap.containsKey(INDEX_BUILT + indexName);
        }

        void forgetIndex(String indexName) {
            metaMap.remove(INDEX_BUILT + indexName);
        }

        /** Adding an empty index builds it from the documents; the mark after it makes a cut-short build start over. */
        @Override
        public synchronized void addIndex(Index<Object> index) {
            super.addIndex(index);
            if (index instanceof OrderedUniqueIndex) {
                metaMap.putIfAbsent(INDEX_BUILT + index.getName(), Boolean.TRUE);
            }
        }

        /**
         * Every query, update and delete selects its documents here. Keys found from {@code _id} are read from the
         * documents' own map, even when the {@code _id} index could answer ({@code {_id: {$in: […]}}}): that index
         * keys a map by serialised key objects, so each of its comparisons serialises two of them.
         */
        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                             Document fieldSelector) {
            KeyConstraint keys = keyedById() ? KeyConstraint.of(query) : null;
            if (keys == null) {
                return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
            }
            Comparator<Document> order = inKeyOrder(orderBy) ? null : deriveComparator(orderBy);
            return matchDocumentsFromStream(query, candidates(keys), numberToSkip, limit, batchSize, order, fieldSelector);
        }

        /** Whether the documents' map is keyed by {@code _id} (not so for H2's own namespace and index lists). */
        boolean keyedById() {
            return "_id".equals(getIdField());
        }

        /**
         * Off: keeping the collection's byte size BSON-encodes every document inserted and the old and new form of
         * every update, and rewrites a metadata entry each time; nothing here reads it ({@code collStats} sizes go
         * stale, counts stay exact).
         */
        @Override
        protected boolean tracksDataSize() {
            return false;
        }

        /** Whether the answer's order is the map's own: none asked, {@code $natural: 1} or {@code _id} ascending. */
        private static boolean inKeyOrder(Document orderBy) {
            if (orderBy == null || orderBy.isEmpty()) {
                return true;
            }
            if (orderBy.size() != 1) {
                return false;
            }
            Object direction = orderBy.get("$natural");
            if (direction == null) {
                direction = orderBy.get("_id");
            }
            return direction instanceof Number n && n.intValue() == 1;
        }

        private Stream<Document> candidates(KeyConstraint keys) {
            if (keys.values() != null) {
                return keys.values().stream().map(dataMap::get).filter(Objects::nonNull).peek(d -> countKeyedRead());
            }
            String from = keys.lower() == null ? "" : keys.lower();
            Cursor<Object, Document> cursor = dataMap.cursor(from);
            Supplier<Document> nextInRange = () -> {
                while (cursor.hasNext()) {
                    Object key = cursor.next();
                    if (!(key instanceof String id)) {
                        return null; // strings sort together: past them, nothing more is in range
                    }
                    if (!keys.admitsFromBelow(id)) {
                        continue;
                    }
                    if (!keys.admitsFromAbove(id)) {
                        return null;
                    }
                    countKeyedRead();
                    return cursor.getValue();
                }
                return null;
            };
            return Stream.iterate(nextInRange.get(), Objects::nonNull, previous -> nextInRange.get());
        }
    }

    /**
     * What a query says about {@code _id}: either a sorted list of string {@code values}, or a string range with
     * optional bounds. {@code null} from {@link #of} when the query does not constrain {@code _id} to strings.
     */
    record KeyConstraint(List<String> values, String lower, boolean lowerInclusive, String upper, boolean upperInclusive) {

        static KeyConstraint of(Document query) {
            KeyConstraint result = ofField(query.get("_id"));
            if (query.get("$and") instanceof List<?> parts) {
                for (Object part : parts) {
                    if (part instanceof Document d) {
                        result = intersect(result, of(d));
                    }
                }
            }
            return result;
        }

        private static KeyConstraint ofField(Object value) {
            if (value instanceof String s) {
                return new KeyConstraint(List.of(s), null, false, null, false);
            }
            if (!(value instanceof Document condition) || condition.isEmpty() || !condition.keySet().iterator().next().startsWith("$")) {
                return null;
            }
            KeyConstraint result = null;
            for (String operator : condition.keySet()) {
                Object operand = condition.get(operator);
                KeyConstraint part = switch (operator) {
                    case "$eq" -> operand instanceof String s ? new KeyConstraint(List.of(s), null, false, null, false) : null;
                    case "$in" -> strings(operand);
                    case "$gt", "$gte" -> operand instanceof String s ? new KeyConstraint(null, s, operator.equals("$gte"), null, false) : null;
                    case "$lt", "$lte" -> operand instanceof String s ? new KeyConstraint(null, null, false, s, operator.equals("$lte")) : null;
                    default -> null; // left to the matcher
                };
                result = intersect(result, part);
            }
            return result;
        }

        private static KeyConstraint strings(Object operand) {
            if (!(operand instanceof java.util.Collection<?> list)) {
                return null;
            }
            java.util.TreeSet<String> sorted = new java.util.TreeSet<>();
            for (Object o : list) {
                if (!(o instanceof String s)) {
                    return null; // a non-string may equal a key of another type: let the stock path decide
                }
                sorted.add(s);
            }
            return new KeyConstraint(List.copyOf(sorted), null, false, null, false);
        }

        /** Both constraints at once; a superset is fine, since every candidate is matched against the query. */
        private static KeyConstraint intersect(KeyConstraint a, KeyConstraint b) {
            if (a == null) {
                return b;
            }
            if (b == null) {
                return a;
            }
            if (a.values != null || b.values != null) {
                KeyConstraint list = a.values != null ? a : b;
                KeyConstraint other = list == a ? b : a;
                return new KeyConstraint(list.values.stream().filter(other::admits).toList(), null, false, null, false);
            }
            String lower = a.lower;
            boolean lowerInclusive = a.lowerInclusive;
            if (b.lower != null && (lower == null || b.lower.compareTo(lower) > 0 || (b.lower.equals(lower) && !b.lowerInclusive))) {
                lower = b.lower;
                lowerInclusive = b.lowerInclusive;
            }
            String upper = a.upper;
            boolean upperInclusive = a.upperInclusive;
            if (b.upper != null && (upper == null || b.upper.compareTo(upper) < 0 || (b.upper.equals(upper) && !b.upperInclusive))) {
                upper = b.upper;
                upperInclusive = b.upperInclusive;
            }
            return new KeyConstraint(null, lower, lowerInclusive, upper, upperInclusive);
        }

        boolean admits(String id) {
            return (values == null || values.contains(id)) && admitsFromBelow(id) && admitsFromAbove(id);
        }

        boolean admitsFromBelow(String id) {
            if (lower == null) {
                return true;
            }
            int c = id.compareTo(lower);
            return c > 0 || (c == 0 && lowerInclusive);
        }

        boolean admitsFromAbove(String id) {
            if (upper == null) {
                return true;
            }
            int c = id.compareTo(upper);
            return c < 0 || (c == 0 && upperInclusive);
        }
    }
}
