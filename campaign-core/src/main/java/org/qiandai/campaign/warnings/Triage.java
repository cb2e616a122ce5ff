package org.qiandai.campaign.warnings;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A case's priority, from points that add up (each recorded as a {@link PriorityFactor}, so that the desk sees why):
 * <ul>
 *   <li>fraud type: +3 for the costliest (虚假网络投资理财, 冒充公检法及政府机关, 冒充领导熟人, 网络婚恋交友, 虚假养老投资),
 *       +2 for 冒充电商物流客服, 虚假网络贷款, 虚假征信, 刷单返利, +1 for any other named type;</li>
 *   <li>amount at risk: +3 from ¥100,000, +2 from ¥10,000, +1 above 0;</li>
 *   <li>age: +2 from 65, +1 from 60, +1 under 18;</li>
 *   <li>source: +2 for a bank alert (a transfer is under way), +1 for a family report;</li>
 *   <li>repeated leads: +2 for each lead after the first on the case (at most +4), +1 when the person had an earlier case.</li>
 * </ul>
 * 8 points or more is CRITICAL, 5–7 HIGH, 3–4 MEDIUM, less LOW. (冒充公检法 at 67 on a flagged call: 3 + 2 = 5, HIGH.)
 */
final class Triage {

    static final Set<String> COSTLIEST = Set.of("虚假网络投资理财", "冒充公检法及政府机关", "冒充领导熟人", "网络婚恋交友", "虚假养老投资");
    static final Set<String> COMMON = Set.of("冒充电商物流客服", "虚假网络贷款", "虚假征信", "刷单返利");

    record Result(Priority priority, int score, List<PriorityFactor> factors) {
    }

    private Triage() {
    }

    static Result score(String fraudType, BigDecimal amountAtRisk, Integer age, LeadSource source, int leads, boolean earlierCase) {
        List<PriorityFactor> factors = new ArrayList<>();
        if (fraudType != null) {
            factors.add(new PriorityFactor("FRAUD_TYPE", fraudType, COSTLIEST.contains(fraudType) ? 3 : COMMON.contains(fraudType) ? 2 : 1));
        }
        if (amountAtRisk != null && amountAtRisk.signum() > 0) {
            int points = amountAtRisk.compareTo(BigDecimal.valueOf(100_000)) >= 0 ? 3 : amountAtRisk.compareTo(BigDecimal.valueOf(10_000)) >= 0 ? 2 : 1;
            factors.add(new PriorityFactor("AMOUNT", amountAtRisk.stripTrailingZeros().toPlainString(), points));
        }
        if (age != null && (age >= 60 || age < 18)) {
            factors.add(new PriorityFactor("AGE", age.toString(), age >= 65 ? 2 : 1));
        }
        if (source == LeadSource.BANK_ALERT || source == LeadSource.FAMILY_REPORT) {
            factors.add(new PriorityFactor("SOURCE", source.name(), source == LeadSource.BANK_ALERT ? 2 : 1));
        }
        if (leads > 1) {
            factors.add(new PriorityFactor("REPEAT", Integer.toString(leads), Math.min(4, 2 * (leads - 1))));
        }
        if (earlierCase) {
            factors.add(new PriorityFactor("EARLIER_CASE", "", 1));
        }
        int score = factors.stream().mapToInt(PriorityFactor::points).sum();
        Priority priority = score >= 8 ? Priority.CRITICAL : score >= 5 ? Priority.HIGH : score >= 3 ? Priority.MEDIUM : Priority.LOW;
        return new Result(priority, score, List.copyOf(factors));
    }
}
