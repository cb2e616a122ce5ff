package org.qiandai.campaign.warnings;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.qiandai.campaign.contacts.PhoneCrypto;
import org.springframework.stereotype.Service;

/**
 * Takes in leads — from the anti-fraud centre's systems (one or a batch), a file, or the duty desk — and answers for
 * each, in the order sent, the case it opened or joined, its priority and the first step taken. Every lead of a
 * request is checked before anything is written: one bad lead refuses the request, naming it
 * ({@code leads[2].phone: …}). A lead sent again by the same sender with the same {@code externalId} changes nothing
 * and answers what it answered the first time.
 */
@Service
public class WarningLeads {

    private final LeadIntake intake;
    private final WarningSettings settings;
    private final LeadChecks checks;
    private final Clock clock;

    WarningLeads(LeadIntake intake, WarningSettings settings, PhoneCrypto crypto, Clock clock) {
        this.intake = intake;
        this.settings = settings;
        this.checks = new LeadChecks(crypto, clock.getZone());
        this.clock = clock;
    }

    /** Checks and takes in leads; answers once they are stored and their first step taken. */
    public List<LeadResult> receive(List<LeadDraft> drafts, LeadVia via, String sender) {
        if (drafts == null || drafts.isEmpty()) {
            throw new LeadRejectedException("leads", "at least one lead is required");
        }
        if (drafts.size() > settings.maxBatch()) {
            throw new LeadRejectedException("leads", drafts.size() + " leads; at most " + settings.maxBatch()
                    + " in one request (qiandai.warning.max-batch)");
        }
        Instant now = clock.instant();
        List<Lead> leads = new ArrayList<>(drafts.size());
        for (int i = 0; i < drafts.size(); i++) {
            try {
                leads.add(checks.check(drafts.get(i), sender, via, now));
            } catch (LeadRejectedException e) {
                throw e.under("leads[" + i + "]");
            }
        }
        return intake.receive(leads);
    }

    /** One lead checked without being taken in (the file import checks every row first). */
    Lead check(LeadDraft draft, String sender, LeadVia via) {
        return checks.check(draft, sender, via, clock.instant());
    }

    List<LeadResult> receiveChecked(List<Lead> leads) {
        return intake.receive(leads);
    }
}
