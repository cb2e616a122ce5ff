package org.qiandai.web.channels;

import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.qiandai.campaign.deliveries.DeliveryStatus;
import org.qiandai.campaign.pushes.PushStates;
import org.qiandai.channels.replies.InboundReplies;
import org.qiandai.channels.traffic.ChannelTraffic;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;

/**
 * A channel's recent traffic (publicity team and leaders): {@code /channels/{channel}/traffic} shows the last hour
 * per minute by status, the pushes sending on it and the latest SMS replies (numbers masked);
 * {@code GET /api/channels/{channel}/traffic?minutes=60} answers the minutes as JSON.
 */
@Controller
class ChannelPages {

    static final int MAX_MINUTES = 24 * 60;
    private static final Pattern CHANNEL = Pattern.compile("[a-z0-9][a-z0-9-]{0,40}");

    private final ChannelTraffic traffic;
    private final InboundReplies replies;
    private final PushStates pushes;
    private final Clock clock;

    ChannelPages(ChannelTraffic traffic, InboundReplies replies, PushStates pushes, Clock clock) {
        this.traffic = traffic;
        this.replies = replies;
        this.pushes = pushes;
        this.clock = clock;
    }

    private static List<DeliveryStatus> shown() {
        return Arrays.stream(DeliveryStatus.values()).filter(s -> s != DeliveryStatus.QUEUED).toList();
    }

    private static String checked(String channel) {
        if (!CHANNEL.matcher(channel).matches()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "channel '" + channel + "' is not a channel name such as sms-twilio");
        }
        return channel;
    }

    @PreAuthorize("hasAnyRole('PUBLICITY', 'LEADER')")
    @GetMapping("/channels/{channel}/traffic")
    String page(@PathVariable String channel, Model model) {
        List<ChannelTraffic.Minute> minutes = traffic.recent(checked(channel), 60);
        model.addAttribute("channel", channel);
        model.addAttribute("statuses", shown());
        model.addAttribute("minutes", minutes);
        model.addAttribute("peak", Math.max(1, minutes.stream().mapToLong(ChannelTraffic.Minute::total).max().orElse(1)));
        model.addAttribute("running", pushes.running(List.of(channel)));
        model.addAttribute("replies", replies.latest(channel, 20));
        model.addAttribute("zone", clock.getZone());
        return "channels/traffic";
    }

    @PreAuthorize("hasAnyRole('PUBLICITY', 'LEADER')")
    @GetMapping("/api/channels/{channel}/traffic")
    @ResponseBody
    Map<String, Object> api(@PathVariable String channel, @RequestParam(defaultValue = "60") int minutes) {
        if (minutes < 1 || minutes > MAX_MINUTES) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "minutes must be 1–" + MAX_MINUTES + ", not " + minutes);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("channel", checked(channel));
        body.put("minutes", traffic.recent(channel, minutes).stream()
                .map(m -> Map.of("minute", m.minute(), "counts", m.counts(), "total", m.total())).toList());
        return body;
    }
}
