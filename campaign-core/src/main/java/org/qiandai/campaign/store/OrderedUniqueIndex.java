package org.qiandai.campaign.store;

import java.util.List;
import java.util.Map.Entry;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

/**
 * A unique secondary index (such as {@code providerId}) in the embedded store, kept in an H2 map ordered by MongoDB's
 * own value order. mongo-java-server's index map has {@code KeyValue} keys, which H2 can only order by serialising both
 * sides of every comparison: a lookup or insert cost some forty Java serialisations at a million entries. This map
 * compares them directly and writes them as BSON. Its order differs from the stock map's, so it lives under a name of
 * its own ({@link #mapName}) and is built from the documents when first opened.
 */
final class OrderedUniqueIndex extends AbstractUniqueIndex<Object> {

    private final MVMap<KeyValue, Object> map;

    OrderedUniqueIndex(String name, List<IndexKey> keys, boolean sparse, MVMap<KeyValue, Object> map) {
        super(name, keys, sparse);
        this.map = map;
    }

    /** The map of an index under this implementation (the stock one is {@code <collection>._index_<name>}). */
    static String mapName(String fullCollectionName, String indexName) {
        return fullCollectionName + "._index_" + indexName + ".ordered";
    }

    static MVMap.Builder<KeyValue, Object> mapBuilder() {
        return new MVMap.Builder<KeyValue, Object>().keyType(new KeyValueType());
    }

    @Override
    protected Object removeDocument(KeyValue key) {
        return map.remove(key);
    }

    @Override
    protected boolean putKeyPosition(KeyValue key, Object position) {
        return map.putIfAbsent(key, Missing.ofNullable(position)) == null;
    }

    @Override
    protected Iterable<Entry<KeyValue, Object>> getIterable() {
        return map.entrySet();
    }

    @Override
    protected Object getPosition(KeyValue key) {
        return map.get(key);
    }

    @Override
    public long getCount() {
        return map.sizeAsLong();
    }

    @Override
    public boolean isEmpty() {
        return map.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    void clear() {
        map.clear();
    }

    /** Index keys ordered element by element in MongoDB's value order, and stored as BSON. */
    static final class KeyValueType extends ObjectDataType {

        static final byte TAG_BSON_KEY = 51;

        @Override
        public int compare(Object a, Object b) {
            if (a instanceof KeyValue x && b instanceof KeyValue y) {
                int common = Math.min(x.size(), y.size());
                for (int i = 0; i < common; i++) {
                    int c = ValueComparator.asc().compare(x.get(i), y.get(i));
                    if (c != 0) {
                        return c;
                    }
                }
                return Integer.compare(x.size(), y.size());
            }
            return super.compare(a, b);
        }

        @Override
        public void write(WriteBuffer buff, Object obj) {
            if (obj instanceof KeyValue key && key.stream().noneMatch(Missing.class::isInstance)) {
                Document values = new Document();
                for (int i = 0; i < key.size(); i++) {
                    values.put(Integer.toString(i), key.get(i));
                }
                ByteBuf bson = Unpooled.buffer(64);
                try {
                    BsonEncoder.encodeDocument(values, bson);
                    int length = bson.readableBytes();
                    buff.put(TAG_BSON_KEY).putVarInt(length).put(bson.array(), bson.arrayOffset() + bson.readerIndex(), length);
                    return;
                } catch (RuntimeException unsupported) {
                    // written the stock way below
                } finally {
                    bson.release();
                }
            }
            super.write(buff, obj);
        }

        @Override
        public Object read(java.nio.ByteBuffer buff) {
            if (buff.get(buff.position()) != TAG_BSON_KEY) {
                return super.read(buff);
            }
            buff.get();
            int length = DataUtils.readVarInt(buff);
            byte[] bytes = new byte[length];
            buff.get(bytes);
            Document values = BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bytes));
            return new KeyValue(values.values());
        }

        @Override
        public int getMemory(Object obj) {
            return obj instanceof KeyValue key ? 48 + 64 * key.size() : super.getMemory(obj);
        }
    }
}
