package org.qiandai.web.bulletins;

import java.io.IOException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.qiandai.campaign.bulletins.BulletinField;
import org.qiandai.campaign.bulletins.BulletinRefusedException;
import org.qiandai.campaign.bulletins.BulletinView;
import org.qiandai.campaign.bulletins.Bulletins;
import org.qiandai.campaign.bulletins.DraftView;
import org.qiandai.campaign.bulletins.DuplicateBulletinException;
import org.qiandai.campaign.bulletins.Vocabulary;
import org.qiandai.web.audit.Audited;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /cases/bulletins}: the kept bulletins and a form to upload or paste one; {@code /cases/bulletins/{id}} the
 * review of its drafts, each narrative with the spans of its fields marked, a form to correct the values, and buttons
 * to confirm (the draft becomes a case record) or discard. Forms post here and come back with a notice, or with the
 * refusal's message and the values as the analyst typed them.
 */
@Controller
@PreAuthorize("hasRole('ANALYST')")
class BulletinPages {

    private final Bulletins bulletins;

    BulletinPages(Bulletins bulletins) {
        this.bulletins = bulletins;
    }

    @GetMapping("/cases/bulletins")
    String list(Model model) {
        model.addAttribute("bulletins", bulletins.list());
        model.addAttribute("fetching", bulletins.fetchingEnabled());
        long kilobytes = bulletins.limits().maxSize().toKilobytes();
        model.addAttribute("maxSize", kilobytes >= 1024 ? kilobytes / 1024 + " MB" : kilobytes + " KB");
        return "bulletins/list";
    }

    @Audited(value = "bulletin.read", object = "bulletin")
    @PostMapping("/cases/bulletins")
    String read(@RequestParam(required = false) MultipartFile file, @RequestParam(required = false) String html,
                @RequestParam(required = false) String url, @RequestParam(required = false) String source,
                @RequestParam(required = false) String published, Principal user, Model model, RedirectAttributes redirect)
            throws IOException {
        try {
            Bulletins.Input input;
            if (file != null && !file.isEmpty()) {
                String name = file.getOriginalFilename() == null || file.getOriginalFilename().isBlank() ? "upload" : file.getOriginalFilename();
                bulletins.requireWithinSize(file.getSize(), name);
                input = Bulletins.Input.file(file.getBytes(), name, source, BulletinApiController.date(published));
            } else if (url != null && !url.isBlank() && (html == null || html.isBlank())) {
                input = Bulletins.Input.fetched(url, source, BulletinApiController.date(published));
            } else {
                input = Bulletins.Input.pasted(html, source, BulletinApiController.date(published));
            }
            BulletinView read = bulletins.read(input, user.getName());
            redirect.addFlashAttribute("notice", "read");
            return "redirect:/cases/bulletins/" + read.bulletinId();
        } catch (DuplicateBulletinException e) {
            redirect.addFlashAttribute("notice", "duplicate");
            return "redirect:/cases/bulletins/" + e.existing().bulletinId();
        } catch (BulletinRefusedException e) {
            model.addAttribute("refused", e.getMessage());
            model.addAttribute("pasted", html);
            model.addAttribute("source", source);
            model.addAttribute("published", published);
            return list(model);
        }
    }

    @GetMapping("/cases/bulletins/{bulletinId}")
    String review(@PathVariable String bulletinId, Model model) {
        return review(load(bulletinId), null, null, null, model);
    }

    @Audited(value = "bulletin.confirm", object = "bulletin", id = "bulletinId")
    @PostMapping("/cases/bulletins/{bulletinId}/drafts/{draftId}/confirm")
    String confirm(@PathVariable String bulletinId, @PathVariable String draftId, @RequestParam Map<String, String> form,
                   Principal user, Model model, RedirectAttributes redirect) {
        Map<String, Object> fields = new LinkedHashMap<>();
        Map<String, String> posted = new LinkedHashMap<>();
        for (BulletinField field : BulletinField.values()) {
            String value = form.getOrDefault(field.key(), "");
            fields.put(field.key(), value);
            posted.put(field.key(), value);
        }
        try {
            Bulletins.Confirmation done = bulletins.confirm(bulletinId, draftId, new Bulletins.Correction(form.get("caseNo"), fields), user.getName());
            redirect.addFlashAttribute("notice", "confirmed");
            redirect.addFlashAttribute("caseNo", done.storedCase().caseNo());
            return "redirect:/cases/bulletins/" + bulletinId + "#" + draftId;
        } catch (BulletinRefusedException e) {
            if (e.reason() == BulletinRefusedException.Reason.NOT_FOUND) {
                throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
            }
            model.addAttribute("caseNoPosted", form.get("caseNo"));
            return review(load(bulletinId), draftId, posted, e.getMessage(), model);
        }
    }

    @Audited(value = "bulletin.discard", object = "bulletin", id = "bulletinId")
    @PostMapping("/cases/bulletins/{bulletinId}/drafts/{draftId}/discard")
    String discard(@PathVariable String bulletinId, @PathVariable String draftId, Principal user, RedirectAttributes redirect) {
        return act(bulletinId, draftId, redirect, "discarded", () -> bulletins.discard(bulletinId, draftId, user.getName()));
    }

    @Audited(value = "bulletin.reopen", object = "bulletin", id = "bulletinId")
    @PostMapping("/cases/bulletins/{bulletinId}/drafts/{draftId}/reopen")
    String reopen(@PathVariable String bulletinId, @PathVariable String draftId, Principal user, RedirectAttributes redirect) {
        return act(bulletinId, draftId, redirect, "reopened", () -> bulletins.reopen(bulletinId, draftId, user.getName()));
    }

    @Audited(value = "bulletin.delete", object = "bulletin", id = "bulletinId")
    @PostMapping("/cases/bulletins/{bulletinId}/delete")
    String delete(@PathVariable String bulletinId, RedirectAttributes redirect) {
        try {
            bulletins.delete(bulletinId);
            redirect.addFlashAttribute("notice", "deleted");
            return "redirect:/cases/bulletins";
        } catch (BulletinRefusedException e) {
            redirect.addFlashAttribute("refused", e.getMessage());
            return "redirect:/cases/bulletins/" + bulletinId;
        }
    }

    private String act(String bulletinId, String draftId, RedirectAttributes redirect, String notice, Runnable action) {
        try {
            action.run();
            redirect.addFlashAttribute("notice", notice);
        } catch (BulletinRefusedException e) {
            if (e.reason() == BulletinRefusedException.Reason.NOT_FOUND) {
                throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
            }
            redirect.addFlashAttribute("refused", e.getMessage());
        }
        return "redirect:/cases/bulletins/" + bulletinId + "#" + draftId;
    }

    private BulletinView load(String bulletinId) {
        return bulletins.find(bulletinId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no bulletin '" + bulletinId + "'"));
    }

    private String review(BulletinView bulletin, String failedDraft, Map<String, String> posted, String error, Model model) {
        List<DraftCard> cards = new ArrayList<>();
        for (DraftView draft : bulletin.drafts()) {
            boolean failed = draft.id().equals(failedDraft);
            cards.add(DraftCard.of(draft, failed ? posted : null, failed ? error : null));
        }
        Vocabulary vocabulary = bulletins.vocabulary().vocabulary();
        model.addAttribute("bulletin", bulletin);
        model.addAttribute("cards", cards);
        model.addAttribute("open", bulletin.drafts().size() - bulletin.confirmed() - bulletin.discarded());
        model.addAttribute("districts", bulletins.districts());
        model.addAttribute("fraudTypes", vocabulary.fraudTypes().stream().map(Vocabulary.FraudTypeRule::name).toList());
        model.addAttribute("occupations", vocabulary.occupations().stream().map(Vocabulary.Term::name).toList());
        model.addAttribute("venues", vocabulary.venues().stream().map(Vocabulary.Term::name).toList());
        model.addAttribute("channels", vocabulary.contactChannels().stream().map(Vocabulary.Term::name).toList());
        return "bulletins/review";
    }
}
