package org.qiandai.campaign.campaigns;

/** No campaign with this id. */
public class CampaignNotFoundException extends RuntimeException {

    public CampaignNotFoundException(String id) {
        super("no campaign '" + id + "'");
    }
}
