package org.qiandai.targeting;

/** One sampled case on the 2-D projection (PCA of the encoded features), coloured by its profile. */
public record ScatterPoint(String caseNo, double x, double y, int profile) {
}
