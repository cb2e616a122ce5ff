package org.qiandai.targeting;

import java.math.BigDecimal;
import java.util.List;

/**
 * One victim profile found by a run.
 *
 * @param index      0-based, as in the assignments
 * @param labelZh    e.g. "学生 · 刷单返利 · QQ · 18–25岁", from the dominant values
 * @param labelEn    the same in English where a translation is known, else the Chinese values
 * @param share      size ÷ cases in the run
 * @param features   per feature, the top values with share and lift
 * @param stability  0–1: how consistently this profile reappears across resamples (best-match Jaccard)
 */
public record Profile(int index, String labelZh, String labelEn, long size, double share, List<FeatureSummary> features,
                      Double medianAge, BigDecimal medianLoss, BigDecimal totalLoss, List<ValueShare> topFraudTypes,
                      List<ValueShare> topVenues, List<ValueShare> topChannels, double stability) {
}
