package org.qiandai.web.partners;

import java.io.IOException;
import java.io.InputStream;

import org.qiandai.campaign.partnerreports.ReceiptOutcome;
import org.qiandai.channels.partners.PartnerReceiptRefusedException;
import org.qiandai.channels.partners.PartnerReceipts;
import org.qiandai.web.ApiError;
import org.qiandai.web.metrics.QiandaiMetrics;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/channels/partners/{partner}/receipts}: no login, the Standard Webhooks signature instead (checked on
 * the exact bytes received). 200 with what the receipt did (also for a replayed {@code webhook-id}, which changes
 * nothing); 401, 404, 400 or 413 with {@link ApiError}.
 */
@RestController
class PartnerReceiptController {

    private final PartnerReceipts receipts;
    private final QiandaiMetrics metrics;

    PartnerReceiptController(PartnerReceipts receipts, QiandaiMetrics metrics) {
        this.receipts = receipts;
        this.metrics = metrics;
    }

    @PostMapping("/api/channels/partners/{partner}/receipts")
    ReceiptOutcome receive(@PathVariable String partner,
                           @RequestHeader(name = "webhook-id", required = false) String id,
                           @RequestHeader(name = "webhook-timestamp", required = false) String timestamp,
                           @RequestHeader(name = "webhook-signature", required = false) String signature,
                           InputStream body) throws IOException {
        // read one byte past the limit, never the whole of an oversized body
        return receipts.receive(partner, id, timestamp, signature, body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, receipts.maxSize() + 1)));
    }

    @ExceptionHandler(PartnerReceiptRefusedException.class)
    ResponseEntity<ApiError> refused(PartnerReceiptRefusedException e, jakarta.servlet.http.HttpServletRequest request) {
        metrics.callbackRejected(e.kind() == PartnerReceiptRefusedException.Kind.NOT_FOUND ? "unknown" : partnerOf(request.getRequestURI()), e.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        HttpStatus status = switch (e.kind()) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case UNAUTHORIZED -> HttpStatus.UNAUTHORIZED;
            case INVALID -> HttpStatus.BAD_REQUEST;
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
        };
        return ResponseEntity.status(status).body(ApiError.of(status, e.getMessage()));
    }

    /** The partner's name from {@code /api/channels/partners/{partner}/receipts}, for a metric tag: an unknown name is "unknown". */
    private static String partnerOf(String uri) {
        String[] parts = uri.split("/");
        String name = parts.length > 4 ? parts[4] : "";
        return name.matches("[a-z0-9-]{1,40}") ? name : "unknown";
    }
}
