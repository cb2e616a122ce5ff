package org.qiandai.campaign.bulletins;

/** The page was read before: answers with the bulletin kept then, so that the analyst reviews that one. */
public class DuplicateBulletinException extends BulletinRefusedException {

    private final BulletinSummary existing;

    DuplicateBulletinException(BulletinSummary existing) {
        super(Reason.CONFLICT, "already-imported", "this bulletin was imported before (" + existing.bulletinId() + ", '"
                + existing.title() + "', by " + existing.importedBy() + "): review it there rather than importing it twice");
        this.existing = existing;
    }

    public BulletinSummary existing() {
        return existing;
    }
}
