package org.qiandai.campaign.bulletins;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One case read from a bulletin: its id ({@code <bulletinId>-001} …), its narrative, the heading it stands under, the
 * fields read with their confidence and span (keys as {@link BulletinField#key()}, a field not stated is absent), and
 * the review: status, and once confirmed the case number and the values it was stored with.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DraftView(String id, String text, String heading, Map<String, FieldValue> fields, DraftStatus status, String caseNo,
                        Map<String, Object> caseValues, String decidedBy, Instant decidedAt) {
}
