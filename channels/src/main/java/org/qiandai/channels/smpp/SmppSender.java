package org.qiandai.channels.smpp;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;
import org.jsmpp.util.InvalidDeliveryReceiptException;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.store.StoreDurability;
import org.qiandai.campaign.support.DaemonThreads;
import org.qiandai.channels.ChannelSender;
import org.qiandai.channels.ChannelStatus;
import org.qiandai.channels.OutboundMessage;
import org.qiandai.channels.SendResult;
import org.qiandai.channels.replies.InboundReplies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * SMS through a carrier's SMPP gateway with jsmpp: one transceiver session (bound again, every {@code rebind-delay},
 * after the connection drops), submit_sm with UCS-2 for Chinese and concatenated parts for long texts, a delivery
 * receipt requested for each message; at most {@code window} submits in flight (the dispatcher's window), the
 * gateway's throttling (ESME_RTHROTTLED, ESME_RMSGQFUL) slowing the whole channel. Receipts (deliver_sm with the
 * receipt flag) move deliveries on by message id ({@link SmppReceipts}); any other deliver_sm is a reply, and
 * STOP / 退订 / TD / 取消 put the sender on the do-not-contact list ({@link InboundReplies}). Channel {@code sms-smpp}.
 * A long message is known by its first part's id: its status follows that part's receipt. Its settings come from a
 * source read again on {@link #reload()} (the dispatcher calls it after a change, with no submit in flight): new
 * settings unbind the session and bind again with them at once; while disabled it stays unbound.
 */
public final class SmppSender implements ChannelSender, DisposableBean {

    private final ChannelStatus status = new ChannelStatus();

    public static final String CHANNEL = "sms-smpp";
    private static final Logger log = LoggerFactory.getLogger(SmppSender.class);
    private static final int PART_RETRIES = 5;
    private static final int REMEMBERED_PARTS = 200_000;

    private final Supplier<SmppSettings> source;
    private volatile SmppSettings settings;
    private final InboundReplies replies;
    private final SmppReceipts receipts;
    private final ScheduledExecutorService keeper;
    private final Set<String> laterParts = Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_PARTS;
        }
    }));
    private volatile SMPPSession session;
    private volatile boolean closed;

    /** A sender with these settings, for good. */
    public SmppSender(SmppSettings settings, Deliveries deliveries, StoreDurability durability, InboundReplies replies) {
        this(() -> settings, deliveries, durability, replies);
    }

    /** A sender that reads its settings from {@code source}, now and on every {@link #reload()}. */
    public SmppSender(Supplier<SmppSettings> source, Deliveries deliveries, StoreDurability durability, InboundReplies replies) {
        this.source = source;
        this.settings = source.get();
        this.replies = replies;
        this.receipts = new SmppReceipts(deliveries, durability);
        this.keeper = DaemonThreads.scheduler("smpp-bind");
        long every = settings.rebindDelay().toMillis();
        keeper.scheduleWithFixedDelay(this::keepBound, 0, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public boolean enabled() {
        return settings.enabled();
    }

    /** The settings in use. */
    public SmppSettings settings() {
        return settings;
    }

    @Override
    public void reload() {
        SmppSettings next = source.get();
        synchronized (this) {
            if (next.equals(settings)) {
                return;
            }
            settings = next;
            SMPPSession old = session;
            session = null;
            if (old != null) {
                old.unbindAndClose();
            }
            log.info("SMPP settings changed: {}", next);
        }
        keeper.execute(this::keepBound); // bind again now, not at the next round
    }

    @Override
    public double rate() {
        return settings.rate();
    }

    @Override
    public int window() {
        return settings.window();
    }

    @Override
    public Boolean connected() {
        return bound();
    }

    /** Whether a transceiver session is bound now. */
    public boolean bound() {
        SMPPSession s = session;
        return s != null && s.getSessionState().isTransmittable();
    }

    private synchronized void keepBound() {
        SmppSettings settings = this.settings;
        if (closed || !settings.enabled() || bound()) {
            return;
        }
        SMPPSession old = session;
        if (old != null) {
            old.close();
        }
        SMPPSession s = new SMPPSession();
        s.setTransactionTimer(settings.responseTimeout().toMillis());
        s.setEnquireLinkTimer((int) settings.enquireLink().toMillis());
        s.setMessageReceiverListener(new Receiver());
        s.addSessionStateListener((SessionState newState, SessionState oldState, Session source) -> {
            if (!newState.isBound() && oldState.isBound()) {
                log.warn("SMPP session to {}:{} is {}: binding again in {}", settings.host(), settings.port(), newState, settings.rebindDelay());
            }
        });
        try {
            s.connectAndBind(settings.host(), settings.port(), new BindParameter(BindType.BIND_TRX, settings.systemId(), settings.password(),
                    settings.systemType(), TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null), settings.responseTimeout().toMillis());
            session = s;
            log.info("SMPP transceiver bound to {}:{} as {}", settings.host(), settings.port(), settings.systemId());
        } catch (IOException e) {
            s.close();
            status.error("BIND_FAILED: " + e.getMessage());
            log.warn("SMPP bind to {}:{} failed, trying again in {}: {}", settings.host(), settings.port(), settings.rebindDelay(), e.getMessage());
        }
    }

    @Override
    public ChannelStatus status() {
        return status;
    }

    @Override
    public SendResult send(OutboundMessage message) {
        return status.record(sendOnce(message));
    }

    private SendResult sendOnce(OutboundMessage message) {
        SmppSettings settings = this.settings;
        SMPPSession s = session;
        if (s == null || !s.getSessionState().isTransmittable()) {
            return SendResult.retry("NOT_BOUND", "no bound SMPP session to " + settings.host() + ":" + settings.port());
        }
        SmppText text;
        try {
            text = SmppText.of(message.text());
        } catch (IllegalArgumentException e) {
            return SendResult.permanent("TOO_LONG", e.getMessage());
        }
        String destination = message.to().startsWith("+") ? message.to().substring(1) : message.to();
        ESMClass esm = text.concatenated() ? new ESMClass(MessageMode.DEFAULT, MessageType.DEFAULT, GSMSpecificFeature.UDHI) : new ESMClass();
        String first = null;
        for (int k = 0; k < text.parts().size(); k++) {
            int tries = 0;
            while (true) {
                try {
                    String id = s.submitShortMessage("", TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, settings.sourceAddress(),
                            TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, destination, esm, (byte) 0, (byte) 1, null, null,
                            new RegisteredDelivery(k == 0 ? SMSCDeliveryReceipt.SUCCESS_FAILURE : SMSCDeliveryReceipt.DEFAULT), (byte) 0,
                            DataCodings.newInstance(text.dataCoding()), (byte) 0, text.parts().get(k)).getMessageId();
                    if (k == 0) {
                        first = id;
                    } else {
                        laterParts.add(id);
                    }
                    break;
                } catch (NegativeResponseException e) {
                    SendResult refused = classify(e.getCommandStatus());
                    if (k == 0) {
                        return refused;
                    }
                    // parts already went out: a later part is retried here, as the dispatcher cannot send half a message
                    if (refused.kind() != SendResult.Kind.RETRY || ++tries > PART_RETRIES) {
                        return SendResult.unknown("PARTIAL", k + " of " + text.parts().size() + " parts went out, then " + refused.code());
                    }
                    sleep(200L << tries);
                } catch (ResponseTimeoutException e) {
                    return SendResult.unknown("UNKNOWN_OUTCOME", "no submit_sm_resp within " + settings.responseTimeout()
                            + (k > 0 ? " (part " + (k + 1) + ")" : ""));
                } catch (InvalidResponseException e) {
                    return SendResult.unknown("UNKNOWN_OUTCOME", "invalid submit_sm_resp: " + e.getMessage());
                } catch (PDUException e) {
                    return k == 0 ? SendResult.permanent("INVALID_PDU", e.getMessage()) : SendResult.unknown("PARTIAL", e.getMessage());
                } catch (IOException e) {
                    // jsmpp refuses before writing when the session is no longer bound; otherwise the PDU may have left
                    if (k == 0 && !s.getSessionState().isTransmittable() && String.valueOf(e.getMessage()).contains("state")) {
                        return SendResult.retry("NOT_BOUND", e.getMessage());
                    }
                    return SendResult.unknown("UNKNOWN_OUTCOME", "connection broke while submitting: " + e.getMessage());
                }
            }
        }
        return SendResult.accepted(first);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A submit_sm_resp's command status as a result: throttling, retryable, or permanent. */
    static SendResult classify(int status) {
        String code = name(status);
        return switch (status) {
            case SMPPConstant.STAT_ESME_RTHROTTLED, SMPPConstant.STAT_ESME_RMSGQFUL -> SendResult.throttled(code, "the gateway asks to slow down");
            case SMPPConstant.STAT_ESME_RSYSERR, SMPPConstant.STAT_ESME_RSUBMITFAIL, SMPPConstant.STAT_ESME_RX_T_APPN ->
                    SendResult.retry(code, "the gateway could not take it now");
            default -> SendResult.permanent(code, "the gateway refused the message");
        };
    }

    static String name(int status) {
        return switch (status) {
            case SMPPConstant.STAT_ESME_RTHROTTLED -> "ESME_RTHROTTLED";
            case SMPPConstant.STAT_ESME_RMSGQFUL -> "ESME_RMSGQFUL";
            case SMPPConstant.STAT_ESME_RSYSERR -> "ESME_RSYSERR";
            case SMPPConstant.STAT_ESME_RSUBMITFAIL -> "ESME_RSUBMITFAIL";
            case SMPPConstant.STAT_ESME_RX_T_APPN -> "ESME_RX_T_APPN";
            case SMPPConstant.STAT_ESME_RINVDSTADR -> "ESME_RINVDSTADR";
            default -> String.format("0x%08X", status);
        };
    }

    /** What the gateway sends us: receipts and replies. */
    private final class Receiver implements MessageReceiverListener {
        @Override
        public void onAcceptDeliverSm(DeliverSm deliverSm) throws ProcessRequestException {
            if (deliverSm.isSmscDeliveryReceipt()) {
                try {
                    DeliveryReceipt receipt = deliverSm.getShortMessageAsDeliveryReceipt();
                    if (!laterParts.contains(receipt.getId())) {
                        receipts.add(receipt.getId(), receipt.getFinalStatus().name(), receipt.getError());
                    }
                } catch (InvalidDeliveryReceiptException e) {
                    log.warn("Unreadable SMPP delivery receipt: {}", e.getMessage());
                }
                return;
            }
            boolean udhi = (deliverSm.getEsmClass() & 0x40) != 0;
            String text = SmppText.decode(deliverSm.getShortMessage() == null ? new byte[0] : deliverSm.getShortMessage(), deliverSm.getDataCoding(), udhi);
            String from = deliverSm.getSourceAddr();
            replies.record(CHANNEL, null, from != null && from.matches("\\d{8,15}") && from.startsWith("86") ? "+" + from : from, text);
        }

        @Override
        public void onAcceptAlertNotification(AlertNotification alertNotification) {
        }

        @Override
        public DataSmResult onAcceptDataSm(org.jsmpp.bean.DataSm dataSm, Session source) throws ProcessRequestException {
            throw new ProcessRequestException("data_sm is not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }
    }

    @Override
    public void destroy() {
        closed = true;
        keeper.shutdownNow();
        SMPPSession s = session;
        if (s != null) {
            s.unbindAndClose();
        }
        receipts.close();
    }
}
