package org.qiandai.channels.standin;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.jsmpp.PDUStringException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.util.DeliveryReceiptState;
import org.jsmpp.util.MessageId;
import org.qiandai.campaign.support.DaemonThreads;

/**
 * A carrier's SMPP gateway on 127.0.0.1, built from jsmpp's server side, for tests and benchmarks (never used by the
 * running application). It binds clients whose system id and password match, records every submit_sm (destination,
 * data coding, concatenation header, text decoded and long messages reassembled), answers with a message id or what
 * {@link #answer} says (a command status such as ESME_RTHROTTLED, or a delay), and sends a delivery receipt for each
 * message's first part after {@link #receiptDelayMillis} with the state {@link #receiptState} gives (DELIVRD by
 * default; null sends none). It tracks the most submits it ever had in flight at once ({@link #maxInFlight}), can
 * drop every connection ({@link #dropConnections}) and sends replies as a handset would ({@link #reply}).
 */
public final class SmppStandIn implements AutoCloseable {

    /** One submit_sm as received. */
    public record Submit(String messageId, String source, String destination, byte dataCoding, boolean udhi, int part, int parts,
                         String text, long nanos) {
    }

    private final String systemId;
    private final String password;
    private final SMPPServerSessionListener listener;
    private final int port;
    private final ExecutorService acceptor = DaemonThreads.single("smpp-stand-in-accept");
    private final ScheduledExecutorService receipts = Executors.newScheduledThreadPool(2, DaemonThreads.named("smpp-stand-in-receipts"));
    private final List<SMPPServerSession> sessions = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong(0x10000);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicInteger binds = new AtomicInteger();
    private final Map<String, StringBuilder> assembling = new ConcurrentHashMap<>();
    /** Every submit_sm received (when {@link #recording}), in order. */
    public final List<Submit> submits = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    /** Complete messages by destination: parts reassembled. */
    public final Map<String, List<String>> messages = new ConcurrentHashMap<>();
    /** A command status to answer instead of accepting (0 accepts), by submit. */
    public volatile Function<Submit, Integer> answer = s -> 0;
    public volatile Function<Submit, DeliveryReceiptState> receiptState = s -> DeliveryReceiptState.DELIVRD;
    public volatile long receiptDelayMillis = 20;
    public volatile long submitDelayMillis;
    public volatile boolean recording = true;
    private volatile boolean closed;

    public SmppStandIn(String systemId, String password) throws IOException {
        this.systemId = systemId;
        this.password = password;
        try (ServerSocket probe = new ServerSocket(0)) {
            this.port = probe.getLocalPort();
        }
        this.listener = new SMPPServerSessionListener(port);
        listener.setPduProcessorDegree(32);
        listener.setQueueCapacity(10_000);
        listener.setMessageReceiverListener(new Receiver());
        acceptor.execute(this::acceptLoop);
    }

    public int port() {
        return port;
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    public long submittedCount() {
        return submitted.get();
    }

    /** How many binds were accepted so far (a re-bind after a dropped connection adds one). */
    public int bindCount() {
        return binds.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SMPPServerSession session = listener.accept();
                receipts.execute(() -> bind(session));
            } catch (IOException e) {
                if (!closed) {
                    sleep(50);
                }
            }
        }
    }

    private void bind(SMPPServerSession session) {
        try {
            BindRequest request = session.waitForBind(5000);
            if (systemId.equals(request.getSystemId()) && password.equals(request.getPassword())) {
                request.accept(systemId);
                sessions.add(session);
                binds.incrementAndGet();
            } else {
                request.reject(SMPPConstant.STAT_ESME_RBINDFAIL);
            }
        } catch (Exception e) {
            session.close();
        }
    }

    /** Closes every client connection at once, as a gateway restart or a network failure would. */
    public void dropConnections() {
        for (SMPPServerSession s : sessions) {
            s.close();
        }
        sessions.clear();
    }

    /** Sends a handset's reply {@code text} from {@code from} (digits, e.g. 8613800000001) on a bound session. */
    public void reply(String from, String to, String text) throws Exception {
        SMPPServerSession s = sessions.get(0);
        s.deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, from, TypeOfNumber.UNKNOWN,
                NumberingPlanIndicator.UNKNOWN, to, new ESMClass(), (byte) 0, (byte) 0, new RegisteredDelivery(0), DataCodings.newInstance((byte) 8),
                text.getBytes(StandardCharsets.UTF_16BE));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Receiver implements ServerMessageReceiverListener {
        @Override
        public SubmitSmResult onAcceptSubmitSm(SubmitSm submitSm, SMPPServerSession source) throws ProcessRequestException {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                if (submitDelayMillis > 0) {
                    sleep(submitDelayMillis);
                }
                byte[] sm = submitSm.getShortMessage();
                boolean udhi = (submitSm.getEsmClass() & 0x40) != 0;
                int part = 1;
                int parts = 1;
                int from = 0;
                String ref = null;
                if (udhi && sm.length >= 6) {
                    from = 1 + (sm[0] & 0xff);
                    ref = submitSm.getDestAddress() + ":" + (sm[3] & 0xff);
                    parts = sm[4] & 0xff;
                    part = sm[5] & 0xff;
                }
                byte[] body = java.util.Arrays.copyOfRange(sm, from, sm.length);
                String text = (submitSm.getDataCoding() & 0x0f) == 8 ? new String(body, StandardCharsets.UTF_16BE) : new String(body, StandardCharsets.ISO_8859_1);
                String id = Long.toHexString(ids.incrementAndGet());
                Submit submit = new Submit(id, submitSm.getSourceAddr(), submitSm.getDestAddress(), submitSm.getDataCoding(), udhi, part, parts,
                        text, System.nanoTime());
                int status = answer.apply(submit);
                if (status != 0) {
                    throw new ProcessRequestException("refused", status);
                }
                submitted.incrementAndGet();
                if (recording) {
                    submits.add(submit);
                    if (ref == null) {
                        messages.computeIfAbsent(submit.destination(), k -> new CopyOnWriteArrayList<>()).add(text);
                    } else {
                        StringBuilder whole = assembling.computeIfAbsent(ref, k -> new StringBuilder());
                        synchronized (whole) {
                            whole.append(text);
                        }
                        if (part == parts) {
                            messages.computeIfAbsent(submit.destination(), k -> new CopyOnWriteArrayList<>()).add(assembling.remove(ref).toString());
                        }
                    }
                }
                if (part == 1 && (submitSm.getRegisteredDelivery() & 0x03) != 0) {
                    DeliveryReceiptState state = receiptState.apply(submit);
                    if (state != null) {
                        receipts.schedule(() -> receipt(source, submitSm, id, state), receiptDelayMillis, TimeUnit.MILLISECONDS);
                    }
                }
                return new SubmitSmResult(new MessageId(id), new org.jsmpp.bean.OptionalParameter[0]);
            } catch (PDUStringException e) {
                throw new ProcessRequestException(e.getMessage(), SMPPConstant.STAT_ESME_RSYSERR);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        private void receipt(SMPPServerSession session, SubmitSm submitSm, String id, DeliveryReceiptState state) {
            DeliveryReceipt receipt = new DeliveryReceipt(id, 1, state == DeliveryReceiptState.DELIVRD ? 1 : 0, new Date(), new Date(), state,
                    state == DeliveryReceiptState.DELIVRD ? "000" : "001", "");
            try {
                session.deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, submitSm.getDestAddress(), TypeOfNumber.UNKNOWN,
                        NumberingPlanIndicator.UNKNOWN, submitSm.getSourceAddr(),
                        new ESMClass(MessageMode.DEFAULT, MessageType.SMSC_DEL_RECEIPT, GSMSpecificFeature.DEFAULT), (byte) 0, (byte) 0,
                        new RegisteredDelivery(0), DataCodings.ZERO, receipt.toString().getBytes(StandardCharsets.US_ASCII));
            } catch (Exception e) {
                // the client went away: a real gateway would keep the receipt for later; the stand-in drops it
            }
        }

        @Override
        public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submitMulti, SMPPServerSession source) throws ProcessRequestException {
            throw unsupported();
        }

        @Override
        public QuerySmResult onAcceptQuerySm(QuerySm querySm, SMPPServerSession source) throws ProcessRequestException {
            throw unsupported();
        }

        @Override
        public void onAcceptReplaceSm(ReplaceSm replaceSm, SMPPServerSession source) throws ProcessRequestException {
            throw unsupported();
        }

        @Override
        public void onAcceptCancelSm(CancelSm cancelSm, SMPPServerSession source) throws ProcessRequestException {
            throw unsupported();
        }

        @Override
        public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm broadcastSm, SMPPServerSession source) throws ProcessRequestException {
            throw unsupported();
        }

        @Override
        public void onAcceptCancelBroadcastSm(CancelBroadcastSm cancelBroadcastSm, SMPPServerSession source) throws ProcessRequestException {
            throw unsupported();
        }

        @Override
        public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm queryBroadcastSm, SMPPServerSession source) throws ProcessRequestException {
            throw unsupported();
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw unsupported();
        }
    }

    /** What the stand-in answers to the operations a bulk sender does not use. */
    private static ProcessRequestException unsupported() {
        return new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        dropConnections();
        listener.close();
        acceptor.shutdownNow();
        receipts.shutdownNow();
    }
}
