package org.qiandai.channels.dispatch;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.qiandai.campaign.deliveries.Claim;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The open claims of every dispatcher instance ({@code dispatch_claims}, one small document per claimed batch,
 * deleted when the batch is done): which deliveries it holds, in sending order ({@code ids}), how many of them may
 * have been attempted ({@code attempted}, raised and committed before each chunk goes out), and its lease. An
 * instance that stops holding a claim for longer than its lease (crashed, hung) has it taken over: the deliveries
 * before {@code attempted} may have gone out and become UNKNOWN, the rest are sent by the new holder. The collection
 * holds only open claims, so finding the expired ones reads a handful of documents.
 */
final class DispatchClaims {

    static final String COLLECTION = "dispatch_claims";

    private final MongoTemplate mongo;

    DispatchClaims(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    private MongoCollection<Document> collection() {
        return mongo.getCollection(COLLECTION);
    }

    /** An open claim as stored. */
    record Open(String id, String owner, String channel, String pushId, List<String> ids, int attempted, Instant leaseUntil) {
    }

    /** Records a claim before its deliveries are claimed, so that a crash right after leaves it findable. */
    void open(Claim claim, String channel, String pushId, List<String> ids) {
        collection().insertOne(new Document("_id", claim.id()).append("owner", claim.owner()).append("channel", channel)
                .append("pushId", pushId).append("ids", ids).append("attempted", 0)
                .append("leaseUntil", Date.from(claim.leaseUntil())).append("takenBy", null));
    }

    /**
     * Raises the number of deliveries that may have been attempted and renews the lease, if the claim is still this
     * owner's; false means it was taken over and nothing more may be sent under it.
     */
    boolean markAttempted(String claimId, String owner, int upTo, Instant leaseUntil) {
        return collection().updateOne(and(eq("_id", claimId), eq("owner", owner), eq("takenBy", null)),
                Updates.combine(Updates.max("attempted", upTo), Updates.set("leaseUntil", Date.from(leaseUntil)))).getMatchedCount() == 1;
    }

    /**
     * Renews these open claims of this owner: only the ones its lane is working on, so that a claim it lost track of
     * (the store failed while it was being made) runs out and is taken over like a crashed instance's.
     */
    void renew(Collection<String> claimIds, String owner, Instant leaseUntil) {
        if (claimIds.isEmpty()) {
            return;
        }
        collection().updateMany(and(in("_id", List.copyOf(claimIds)), eq("owner", owner), eq("takenBy", null)),
                Updates.set("leaseUntil", Date.from(leaseUntil)));
    }

    /** The claims on this channel whose lease ran out (also one whose taking over failed half-way, a lease after it). */
    List<Open> expired(String channel, Instant now) {
        List<Open> result = new ArrayList<>();
        collection().find(and(eq("channel", channel), lt("leaseUntil", Date.from(now)))).forEach(d -> result.add(open(d)));
        return result;
    }

    /**
     * Takes an expired claim over (atomically: of two instances trying, one gets it), holding it for {@code leaseUntil}
     * so that a taking over that fails half-way is taken over again after that; answers it as taken.
     */
    Open take(String claimId, String by, Instant now, Instant leaseUntil) {
        Document d = collection().findOneAndUpdate(and(eq("_id", claimId), lt("leaseUntil", Date.from(now))),
                Updates.combine(Updates.set("takenBy", by), Updates.set("leaseUntil", Date.from(leaseUntil))),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        return d == null ? null : open(d);
    }

    void close(String claimId) {
        collection().deleteOne(eq("_id", claimId));
    }

    /** How many claims are open (all instances): for tests and the benchmark. */
    long count() {
        return collection().countDocuments();
    }

    private static Open open(Document d) {
        return new Open(d.getString("_id"), d.getString("owner"), d.getString("channel"), d.getString("pushId"),
                d.getList("ids", String.class), d.getInteger("attempted", 0), d.getDate("leaseUntil").toInstant());
    }
}
