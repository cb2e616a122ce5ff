package org.qiandai.web.profiles;

import java.util.ArrayList;
import java.util.List;

import org.qiandai.campaign.cases.CaseSelection;

/** A run's filter in a few words for the pages. Public because templates call it. */
public final class RunTexts {

    public String filter(CaseSelection s, boolean english) {
        if (s == null || s.isAll()) {
            return english ? "all cases" : "全部案件";
        }
        List<String> parts = new ArrayList<>();
        if (s.importBatchId() != null) {
            parts.add((english ? "batch " : "批次 ") + s.importBatchId());
        }
        if (s.from() != null || s.to() != null) {
            parts.add((s.from() == null ? "…" : s.from().toString()) + " – " + (s.to() == null ? "…" : s.to().toString()));
        }
        if (!s.districts().isEmpty()) {
            parts.add(String.join(english ? ", " : "、", s.districts()));
        }
        if (!s.fraudTypes().isEmpty()) {
            parts.add(String.join(english ? ", " : "、", s.fraudTypes()));
        }
        return String.join(" · ", parts);
    }
}
