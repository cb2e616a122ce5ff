package org.qiandai.campaign.bulletins;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A bulletin with its drafts in document order: what {@code POST /api/cases/bulletins} answers and the review page
 * shows. {@code published} is {@code null} when neither the page nor the request said.
 */
public record BulletinView(String bulletinId, String title, LocalDate published, String source, String fileName, String importedBy,
                           Instant importedAt, int confirmed, int discarded, List<DraftView> drafts) {

    public BulletinSummary summary() {
        return new BulletinSummary(bulletinId, title, published, source, fileName, importedBy, importedAt, drafts.size(), confirmed, discarded);
    }
}
