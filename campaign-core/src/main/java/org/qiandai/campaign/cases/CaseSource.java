package org.qiandai.campaign.cases;

/**
 * Where cases that did not come from a case file came from, e.g. a bulletin whose drafts an analyst confirmed. Its
 * {@code batchId} is recorded among each case's {@code importBatchIds} and names an entry of the import list
 * ({@code fileName} = {@code name}, {@code format} = {@code format}), so a case shows its source like any import.
 */
public record CaseSource(String batchId, String name, String format) {
}
