package org.qiandai.campaign.store;

import java.nio.ByteBuffer;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

/**
 * How the embedded store keeps a collection's documents in H2: as BSON under a tag of its own, where H2's default
 * type writes each document with Java serialisation (a fresh {@code ObjectOutputStream}, class descriptors and all,
 * per document and page write), which was most of the store's CPU time. Values stored the old way (any other tag)
 * are still read by H2's type, so a data file written before keeps working and is rewritten as BSON as it changes.
 * A value BSON cannot carry (a type the wire protocol has no code for) falls back to the old way.
 */
final class BsonDocumentType extends ObjectDataType {

    /** A tag H2's {@link ObjectDataType} does not use (it uses 0–19, 32–49 and 64–119). */
    static final byte TAG_BSON_DOCUMENT = 50;

    @Override
    public void write(WriteBuffer buff, Object obj) {
        if (obj instanceof Document document) {
            ByteBuf bson = Unpooled.buffer(256);
            try {
                BsonEncoder.encodeDocument(document, bson);
            } catch (RuntimeException unsupported) {
                bson.release();
                super.write(buff, obj);
                return;
            }
            int length = bson.readableBytes();
            buff.put(TAG_BSON_DOCUMENT).putVarInt(length).put(bson.array(), bson.arrayOffset() + bson.readerIndex(), length);
            bson.release();
            return;
        }
        super.write(buff, obj);
    }

    @Override
    public Object read(ByteBuffer buff) {
        if (buff.get(buff.position()) != TAG_BSON_DOCUMENT) {
            return super.read(buff);
        }
        buff.get();
        int length = DataUtils.readVarInt(buff);
        ByteBuf bson;
        if (buff.hasArray()) {
            bson = Unpooled.wrappedBuffer(buff.array(), buff.arrayOffset() + buff.position(), length);
        } else {
            byte[] copy = new byte[length];
            buff.duplicate().get(copy);
            bson = Unpooled.wrappedBuffer(copy);
        }
        buff.position(buff.position() + length);
        return BsonDecoder.decodeBson(bson);
    }

    /**
     * A cheap estimate of a decoded document's heap for H2's cache accounting (its own type assumes 10 KB for any
     * serialised object at first): about what a field's map entry, name and short value take, on the high side so that
     * the cache never holds more heap than it is given.
     */
    @Override
    public int getMemory(Object obj) {
        if (obj instanceof Document document) {
            return 64 + 160 * document.size();
        }
        return super.getMemory(obj);
    }
}
