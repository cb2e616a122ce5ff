package org.qiandai.targeting;

import java.util.List;

/**
 * Which profile one person fits best, and how confidently (0–1; from the relative distances to every profile's
 * centre), with every profile's fit for comparison. Attributes not given are left out of the comparison.
 */
public record ProfileScore(int profile, String label, double confidence, List<Fit> fits) {

    public record Fit(int profile, String label, double probability, double distance) {
    }
}
