package org.qiandai.web.contacts;

import java.security.Principal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import org.qiandai.campaign.contacts.ContactDraft;
import org.qiandai.campaign.contacts.ContactFilter;
import org.qiandai.campaign.contacts.ContactRejectedException;
import org.qiandai.campaign.contacts.ContactView;
import org.qiandai.campaign.contacts.Contacts;
import org.qiandai.campaign.contacts.DoNotContactEntry;
import org.qiandai.campaign.contacts.DoNotContactService;
import org.qiandai.web.audit.Audited;
import org.qiandai.web.shell.Districts;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The contact pages for the publicity team: the filtered list (numbers masked; the page's script reveals one through
 * the audited API), adding one by hand, the import page, and the do-not-contact list with its add form.
 */
@Controller
class ContactPages {

    static final int PAGE_SIZE = 20;

    /** The list's filter as the form sent it; blank fields do not filter. Public, as templates call its methods. */
    public record ContactSearch(String district, String occupation, String source, String gender, String education, String language) {

        public ContactSearch {
            district = blankToNull(district);
            occupation = blankToNull(occupation);
            source = blankToNull(source);
            gender = blankToNull(gender);
            education = blankToNull(education);
            language = blankToNull(language);
        }

        ContactFilter toFilter() {
            return new ContactFilter(district, occupation, source, gender, education, language);
        }

        public boolean any() {
            return district != null || occupation != null || source != null || gender != null || education != null || language != null;
        }

        String url(String path, int page) {
            return UriComponentsBuilder.fromPath(path).queryParamIfPresent("district", java.util.Optional.ofNullable(district))
                    .queryParamIfPresent("occupation", java.util.Optional.ofNullable(occupation))
                    .queryParamIfPresent("source", java.util.Optional.ofNullable(source))
                    .queryParamIfPresent("gender", java.util.Optional.ofNullable(gender))
                    .queryParamIfPresent("education", java.util.Optional.ofNullable(education))
                    .queryParamIfPresent("language", java.util.Optional.ofNullable(language))
                    .queryParam("page", page).build().encode().toUriString();
        }
    }

    /** The "add one" form as typed, kept to show again when the server refuses it. Public for the templates. */
    public record ContactForm(String phone, String district, String age, String birthYear, String gender, String occupation,
                              String education, String language, String source, String consentDate) {

        static ContactForm blank() {
            return new ContactForm(null, null, null, null, null, null, null, null, null, null);
        }

        ContactDraft toDraft() {
            return new ContactDraft(phone, blankToNull(district), whole("age", age), whole("birthYear", birthYear), blankToNull(gender),
                    blankToNull(occupation), blankToNull(education), blankToNull(language), blankToNull(source), date(consentDate));
        }

        private static Integer whole(String field, String text) {
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                return Integer.valueOf(text.strip());
            } catch (NumberFormatException e) {
                throw new ContactRejectedException(field + ": '" + text.strip() + "' is not a whole number");
            }
        }

        private static LocalDate date(String text) {
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                return LocalDate.parse(text.strip());
            } catch (DateTimeParseException e) {
                throw new ContactRejectedException("consentDate: '" + text.strip() + "' is not a date (yyyy-mm-dd)");
            }
        }
    }

    /** Links for the pager; {@code null} where there is no such page. */
    public record Pager(int number, int totalPages, long totalElements, String previous, String next) {

        static Pager of(Page<?> page, java.util.function.IntFunction<String> url) {
            return new Pager(page.getNumber(), page.getTotalPages(), page.getTotalElements(),
                    page.hasPrevious() ? url.apply(page.getNumber() - 1) : null, page.hasNext() ? url.apply(page.getNumber() + 1) : null);
        }
    }

    private final Contacts contacts;
    private final DoNotContactService dnc;

    ContactPages(Contacts contacts, DoNotContactService dnc) {
        this.contacts = contacts;
        this.dnc = dnc;
    }

    @PreAuthorize("hasRole('PUBLICITY')")
    @GetMapping("/contacts")
    String list(@ModelAttribute("search") ContactSearch search, @RequestParam(defaultValue = "0") int page, Model model) {
        return list(search, page, ContactForm.blank(), null, model);
    }

    @PreAuthorize("hasRole('PUBLICITY')")
    @Audited(value = "contact.save", object = "contact")
    @PostMapping("/contacts")
    String add(ContactForm form, Principal user, Model model, RedirectAttributes redirect) {
        Contacts.Added added;
        try {
            added = contacts.add(form.toDraft(), user.getName());
        } catch (ContactRejectedException e) {
            return list(new ContactSearch(null, null, null, null, null, null), 0, form, e.getMessage(), model);
        }
        redirect.addFlashAttribute("added", added.contact().phone());
        redirect.addFlashAttribute("created", added.created());
        return "redirect:/contacts";
    }

    private String list(ContactSearch search, int page, ContactForm form, String refused, Model model) {
        Page<ContactView> found = contacts.find(search.toFilter(), PageRequest.of(Math.max(page, 0), PAGE_SIZE));
        model.addAttribute("search", search);
        model.addAttribute("contacts", found.getContent());
        model.addAttribute("pager", Pager.of(found, p -> search.url("/contacts", p)));
        model.addAttribute("districts", Districts.withPresent(contacts.presentValues("district")));
        model.addAttribute("occupations", contacts.presentValues("occupation"));
        model.addAttribute("sources", contacts.presentValues("source"));
        model.addAttribute("educations", contacts.presentValues("education"));
        model.addAttribute("languages", contacts.presentValues("language"));
        model.addAttribute("form", form);
        model.addAttribute("refused", refused);
        return "contacts/list";
    }

    @PreAuthorize("hasRole('PUBLICITY')")
    @GetMapping("/contacts/import")
    String importPage() {
        return "contacts/import";
    }

    @PreAuthorize("hasRole('PUBLICITY')")
    @GetMapping("/dnc")
    String dncList(@RequestParam(defaultValue = "0") int page, Model model) {
        return dncList(page, null, null, null, model);
    }

    @PreAuthorize("hasRole('PUBLICITY')")
    @Audited(value = "dnc.add", object = "dnc")
    @PostMapping("/dnc")
    String dncAdd(@RequestParam(required = false) String phone, @RequestParam(required = false) String reason, Principal user,
                  Model model, RedirectAttributes redirect) {
        DoNotContactEntry entry;
        try {
            if (phone == null || phone.isBlank()) {
                throw new ContactRejectedException("phone is required");
            }
            entry = dnc.addEntry(phone, reason == null || reason.isBlank() ? null : reason, "manual", user.getName());
        } catch (ContactRejectedException e) {
            return dncList(0, phone, reason, e.getMessage(), model);
        }
        redirect.addFlashAttribute("added", entry.phone());
        return "redirect:/dnc";
    }

    private String dncList(int page, String phone, String reason, String refused, Model model) {
        Page<DoNotContactEntry> found = dnc.list(PageRequest.of(Math.max(page, 0), PAGE_SIZE));
        model.addAttribute("entries", found.getContent());
        model.addAttribute("pager", Pager.of(found, p -> "/dnc?page=" + p));
        model.addAttribute("phone", phone);
        model.addAttribute("reason", reason);
        model.addAttribute("refused", refused);
        return "dnc/list";
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
