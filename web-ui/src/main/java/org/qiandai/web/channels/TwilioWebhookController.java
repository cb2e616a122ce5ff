package org.qiandai.web.channels;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.qiandai.channels.twilio.TwilioSettings;
import org.qiandai.channels.twilio.TwilioWebhooks;
import org.qiandai.web.ApiError;
import org.qiandai.web.metrics.QiandaiMetrics;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Twilio's webhooks, open to Twilio without a login and refused (403, nothing changed) unless {@code X-Twilio-Signature}
 * verifies over the exact public URL and the form: {@code POST /api/channels/twilio/status} (status callbacks: 200
 * once handled, also for a duplicate or late one) and {@code POST /api/channels/twilio/inbound} (replies: 200 with an
 * empty TwiML {@code <Response/>}, so that Twilio sends no answer of its own).
 */
@RestController
class TwilioWebhookController {

    private static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

    private final TwilioWebhooks webhooks;
    private final QiandaiMetrics metrics;

    TwilioWebhookController(TwilioWebhooks webhooks, QiandaiMetrics metrics) {
        this.webhooks = webhooks;
        this.metrics = metrics;
    }

    @PostMapping(TwilioSettings.STATUS_PATH)
    ResponseEntity<?> status(HttpServletRequest request, @RequestHeader(name = "X-Twilio-Signature", required = false) String signature) {
        Map<String, String> form = form(request);
        if (!webhooks.signedByTwilio(request.getRequestURI(), request.getQueryString(), form, signature)) {
            return forbidden(signature);
        }
        return ResponseEntity.ok(Map.of("result", webhooks.status(form).name()));
    }

    @PostMapping(TwilioSettings.INBOUND_PATH)
    ResponseEntity<?> inbound(HttpServletRequest request, @RequestHeader(name = "X-Twilio-Signature", required = false) String signature) {
        Map<String, String> form = form(request);
        if (!webhooks.signedByTwilio(request.getRequestURI(), request.getQueryString(), form, signature)) {
            return forbidden(signature);
        }
        webhooks.inbound(form);
        return ResponseEntity.ok().contentType(MediaType.TEXT_XML).body(EMPTY_TWIML);
    }

    private ResponseEntity<ApiError> forbidden(String signature) {
        metrics.callbackRejected("sms-twilio", signature == null || signature.isBlank() ? "missing-signature" : "bad-signature");
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(ApiError.of(HttpStatus.FORBIDDEN,
                "X-Twilio-Signature is missing or does not match this request (or Twilio is not enabled here): nothing was changed"));
    }

    /** The posted form fields, first value each; query parameters (which Twilio signs as part of the URL) left out. */
    static Map<String, String> form(HttpServletRequest request) {
        Set<String> inQuery = new HashSet<>();
        if (request.getQueryString() != null) {
            for (String pair : request.getQueryString().split("&")) {
                int eq = pair.indexOf('=');
                inQuery.add(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8));
            }
        }
        Map<String, String> form = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> {
            if (values.length > 0 && (!inQuery.contains(name) || values.length > 1)) {
                form.put(name, values[values.length - 1]);
            }
        });
        return form;
    }
}
