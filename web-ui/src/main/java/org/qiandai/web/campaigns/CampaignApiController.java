package org.qiandai.web.campaigns;

import java.security.Principal;
import java.time.LocalDate;
import java.util.List;

import org.qiandai.campaign.campaigns.Activities;
import org.qiandai.campaign.campaigns.Activity;
import org.qiandai.campaign.campaigns.ActivityDraft;
import org.qiandai.campaign.campaigns.CampaignDetails;
import org.qiandai.campaign.campaigns.CampaignDraft;
import org.qiandai.campaign.campaigns.CampaignNotFoundException;
import org.qiandai.campaign.campaigns.CampaignStatus;
import org.qiandai.campaign.campaigns.Campaigns;
import org.qiandai.web.audit.Audited;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Campaigns, their lifecycle and offline activities. PUBLICITY plans, edits, submits, cancels and completes, and records
 * activities; LEADER and ADMIN approve and reject (never their own submission) and may cancel; all three read.
 */
@RestController
@PreAuthorize("hasRole('PUBLICITY')")
class CampaignApiController {

    static final String READERS = "hasAnyRole('PUBLICITY', 'LEADER', 'ADMIN')";
    static final String REVIEWERS = "hasAnyRole('LEADER', 'ADMIN')";

    private final Campaigns campaigns;
    private final Activities activities;

    CampaignApiController(Campaigns campaigns, Activities activities) {
        this.campaigns = campaigns;
        this.activities = activities;
    }

    record Reason(String reason) {
    }

    @Audited(value = "campaign.create", object = "campaign")
    @PostMapping("/api/campaigns")
    ResponseEntity<CampaignDetails> create(@RequestBody(required = false) CampaignDraft draft, Principal user) {
        CampaignDetails created = campaigns.create(draft, user.getName());
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/campaigns/{id}").build(created.id()))
                .body(created);
    }

    @GetMapping("/api/campaigns")
    @PreAuthorize(READERS)
    List<CampaignDetails> list(@RequestParam(required = false) List<CampaignStatus> status,
                               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return campaigns.list(status, from, to);
    }

    @GetMapping("/api/campaigns/{id}")
    @PreAuthorize(READERS)
    CampaignDetails one(@PathVariable String id) {
        return campaigns.details(id).orElseThrow(() -> new CampaignNotFoundException(id));
    }

    @Audited(value = "campaign.update", object = "campaign")
    @PutMapping("/api/campaigns/{id}")
    CampaignDetails revise(@PathVariable String id, @RequestBody(required = false) CampaignDraft draft, Principal user) {
        return campaigns.revise(id, draft, user.getName());
    }

    @Audited(value = "campaign.submit", object = "campaign")
    @PostMapping("/api/campaigns/{id}/submit")
    CampaignDetails submit(@PathVariable String id, Principal user) {
        return campaigns.submit(id, user.getName());
    }

    @Audited(value = "campaign.approve", object = "campaign")
    @PostMapping("/api/campaigns/{id}/approve")
    @PreAuthorize(REVIEWERS)
    CampaignDetails approve(@PathVariable String id, Principal user) {
        return campaigns.approve(id, user.getName());
    }

    @Audited(value = "campaign.reject", object = "campaign")
    @PostMapping("/api/campaigns/{id}/reject")
    @PreAuthorize(REVIEWERS)
    CampaignDetails reject(@PathVariable String id, @RequestBody(required = false) Reason body, Principal user) {
        return campaigns.reject(id, user.getName(), body == null ? null : body.reason());
    }

    @Audited(value = "campaign.cancel", object = "campaign")
    @PostMapping("/api/campaigns/{id}/cancel")
    @PreAuthorize(READERS)
    CampaignDetails cancel(@PathVariable String id, @RequestBody(required = false) Reason body, Principal user) {
        return campaigns.cancel(id, user.getName(), body == null ? null : body.reason());
    }

    @Audited(value = "campaign.complete", object = "campaign")
    @PostMapping("/api/campaigns/{id}/complete")
    CampaignDetails complete(@PathVariable String id, Principal user) {
        return campaigns.complete(id, user.getName());
    }

    @Audited(value = "activity.record", object = "campaign")
    @PostMapping("/api/campaigns/{id}/activities")
    ResponseEntity<Activity> record(@PathVariable String id, @RequestBody(required = false) ActivityDraft draft, Principal user) {
        Activity a = activities.record(id, draft, user.getName());
        return ResponseEntity.status(HttpStatus.CREATED).body(a);
    }

    @GetMapping("/api/campaigns/{id}/activities")
    @PreAuthorize(READERS)
    List<Activity> activities(@PathVariable String id) {
        campaigns.details(id).orElseThrow(() -> new CampaignNotFoundException(id));
        return activities.ofCampaign(id);
    }

    @GetMapping("/api/activities")
    @PreAuthorize(READERS)
    List<Activity> activities(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                              @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                              @RequestParam(required = false) String district) {
        return activities.find(from, to, district);
    }
}
