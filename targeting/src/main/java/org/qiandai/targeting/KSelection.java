package org.qiandai.targeting;

import java.util.List;

/**
 * How k was chosen: the criterion, its values for every k tried, the k chosen and why in words.
 * When the analyst fixed k, {@code scores} is empty and {@code criterion} is {@code "fixed"}.
 */
public record KSelection(String criterion, List<KScore> scores, int chosen, String reason, int sampleSize) {

    /** One k tried: the criterion's value and a second measure shown beside it (e.g. distortion). */
    public record KScore(int k, double score, double secondary) {
    }
}
