package org.qiandai.campaign.warnings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.qiandai.campaign.users.Role;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.Environment;

/**
 * The early-warning settings, {@code qiandai.warning.*}: the SMS channel ({@code channel}, sms-twilio), the ladder
 * ({@code ladder}, SMS,CALL,RELATIVES,VISIT), each step's deadline ({@code sla.<step>} as an ISO-8601 duration or
 * {@code 10m}: sms PT2M, call PT10M, relatives PT30M, visit PT2H) and the role its assignee holds ({@code role.<step>},
 * OFFICER), how long after a lead a second one for the same person joins its open case ({@code join-window}, PT24H),
 * how often deadlines are checked ({@code tick}, 1s), the most leads one request may carry ({@code max-batch}, 500),
 * and whether this instance escalates ({@code escalation.enabled}, true).
 */
public record WarningSettings(String channel, List<LadderStep> ladder, Map<LadderStep, Duration> sla, Map<LadderStep, Role> roles,
                              Duration joinWindow, Duration tick, int maxBatch, boolean escalation) {

    static final Map<LadderStep, String> DEFAULT_SLA = Map.of(LadderStep.SMS, "PT2M", LadderStep.CALL, "PT10M",
            LadderStep.RELATIVES, "PT30M", LadderStep.VISIT, "PT2H");
    /** Other names a step's settings are read under, e.g. {@code qiandai.warning.sla.duty-call}. */
    private static final Map<LadderStep, List<String>> ALIASES = Map.of(LadderStep.SMS, List.of(), LadderStep.CALL, List.of("duty-call"),
            LadderStep.RELATIVES, List.of("relative-call", "relative"), LadderStep.VISIT, List.of());

    public WarningSettings {
        if (ladder.isEmpty() || ladder.stream().noneMatch(LadderStep::human)) {
            throw new IllegalStateException("qiandai.warning.ladder must name at least one of CALL, RELATIVES, VISIT, not " + ladder);
        }
        if (maxBatch < 1 || maxBatch > 10_000) {
            throw new IllegalStateException("qiandai.warning.max-batch must be 1–10000, not " + maxBatch);
        }
        ladder = List.copyOf(ladder);
    }

    public static WarningSettings from(Environment env) {
        List<LadderStep> ladder = new ArrayList<>();
        String ladderText = env.getProperty("qiandai.warning.ladder", "SMS,CALL,RELATIVES,VISIT");
        for (String part : ladderText.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            LadderStep step;
            try {
                step = LadderStep.parse(part);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("qiandai.warning.ladder: " + e.getMessage());
            }
            if (ladder.contains(step)) {
                throw new IllegalStateException("qiandai.warning.ladder names " + step + " twice: " + ladderText);
            }
            ladder.add(step);
        }
        Map<LadderStep, Duration> sla = new EnumMap<>(LadderStep.class);
        Map<LadderStep, Role> roles = new EnumMap<>(LadderStep.class);
        for (LadderStep step : LadderStep.values()) {
            String name = "qiandai.warning.sla." + step.key();
            String value = env.getProperty(name);
            for (String alias : ALIASES.get(step)) {
                if (value == null) {
                    name = "qiandai.warning.sla." + alias;
                    value = env.getProperty(name);
                }
            }
            Duration d = duration(value == null ? "qiandai.warning.sla." + step.key() : name, value == null ? DEFAULT_SLA.get(step) : value);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalStateException(name + " must be a positive duration, not " + value);
            }
            sla.put(step, d);
            String role = env.getProperty("qiandai.warning.role." + step.key(), "OFFICER").strip();
            if (!role.equals("OFFICER") && !role.equals("DUTY")) {
                throw new IllegalStateException("qiandai.warning.role." + step.key() + " must be OFFICER or DUTY, not " + role);
            }
            roles.put(step, Role.valueOf(role));
        }
        return new WarningSettings(env.getProperty("qiandai.warning.channel", "sms-twilio").strip(), ladder, sla, roles,
                duration("qiandai.warning.join-window", env.getProperty("qiandai.warning.join-window", "PT24H")),
                duration("qiandai.warning.tick", env.getProperty("qiandai.warning.tick", "1s")),
                env.getProperty("qiandai.warning.max-batch", Integer.class, 500),
                env.getProperty("qiandai.warning.escalation.enabled", Boolean.class, true));
    }

    private static Duration duration(String name, String value) {
        try {
            return DurationStyle.detectAndParse(value.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + " '" + value + "' is not a duration such as PT10M or 10m", e);
        }
    }
}
