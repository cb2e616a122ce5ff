package org.qiandai.web.contacts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;

import jakarta.servlet.http.HttpServletRequest;
import org.qiandai.campaign.cases.ImportRefusedException;
import org.qiandai.campaign.cases.ImportSummary;
import org.qiandai.campaign.contacts.ContactDraft;
import org.qiandai.campaign.contacts.ContactFilter;
import org.qiandai.campaign.contacts.ContactImports;
import org.qiandai.campaign.contacts.ContactRejectedException;
import org.qiandai.campaign.contacts.ContactView;
import org.qiandai.campaign.contacts.Contacts;
import org.qiandai.campaign.contacts.DoNotContactEntry;
import org.qiandai.campaign.retention.DataRetention;
import org.qiandai.campaign.contacts.DoNotContactService;
import org.qiandai.web.ApiError;
import org.qiandai.web.JsonBodyErrors;
import org.qiandai.web.audit.Audited;
import org.qiandai.web.security.ClientAddresses;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.web.PagedModel;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Contacts and the do-not-contact list, for the publicity team only: import, add, list, read (numbers masked), and an
 * audited reveal of one number.
 */
@RestController
@PreAuthorize("hasRole('PUBLICITY')")
class ContactApiController {

    static final int MAX_PAGE_SIZE = 500;

    record ImportRefusal(int status, String error, String message, String batchId) {
    }

    record Revealed(String id, String phone) {
    }

    /** {@code erase}: also erase the person's contact record and de-identify their delivery records (see DataRetention). */
    record DncBody(String phone, String reason, Boolean erase) {
    }

    /** The entry as stored and, when asked for, what the erasure did. */
    record DncAdded(@com.fasterxml.jackson.annotation.JsonUnwrapped DoNotContactEntry entry, DataRetention.Erased erased) {
    }

    record EraseBody(String reason) {
    }

    private final Contacts contacts;
    private final ContactImports imports;
    private final DoNotContactService dnc;
    private final DataRetention retention;

    private final ClientAddresses addresses;

    ContactApiController(Contacts contacts, ContactImports imports, DoNotContactService dnc, DataRetention retention,
                         ClientAddresses addresses) {
        this.addresses = addresses;
        this.contacts = contacts;
        this.imports = imports;
        this.dnc = dnc;
        this.retention = retention;
    }

    @Audited(value = "contact.import", object = "contact-import")
    @PostMapping(path = "/api/contacts/import", consumes = "multipart/form-data")
    ImportSummary importFile(@RequestPart("file") MultipartFile file, Principal user) throws IOException {
        String name = file.getOriginalFilename() == null || file.getOriginalFilename().isBlank() ? "upload" : file.getOriginalFilename();
        Path upload = Files.createTempFile("qiandai-contacts-", ".tmp");
        try {
            file.transferTo(upload);
            return imports.importFile(upload, name, user.getName());
        } finally {
            Files.deleteIfExists(upload);
        }
    }

    @Audited(value = "contact.save", object = "contact")
    @PostMapping("/api/contacts")
    ResponseEntity<ContactView> add(@RequestBody(required = false) ContactDraft draft, Principal user) {
        Contacts.Added added = contacts.add(draft, user.getName());
        if (!added.created()) {
            return ResponseEntity.ok(added.contact());
        }
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/contacts/{id}")
                .build(added.contact().id())).body(added.contact());
    }

    @GetMapping("/api/contacts")
    PagedModel<ContactView> list(@RequestParam(required = false) String district, @RequestParam(required = false) String occupation,
                                 @RequestParam(required = false) String source, @RequestParam(required = false) String gender,
                                 @RequestParam(required = false) String education, @RequestParam(required = false) String language,
                                 @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        checkPage(page, size);
        return new PagedModel<>(contacts.find(new ContactFilter(district, occupation, source, gender, education, language),
                PageRequest.of(page, size)));
    }

    @GetMapping("/api/contacts/{id}")
    ContactView one(@PathVariable String id) {
        return contacts.get(id).orElseThrow(() -> notFound(id));
    }

    /** The number in clear, once, recorded in the audit log with who and from where. */
    @PostMapping("/api/contacts/{id}/reveal")
    Revealed reveal(@PathVariable String id, Principal user, HttpServletRequest request) {
        return contacts.reveal(id, user.getName(), addresses.of(request)).map(phone -> new Revealed(id, phone))
                .orElseThrow(() -> notFound(id));
    }

    @Audited(value = "dnc.add", object = "dnc")
    @PostMapping("/api/dnc")
    ResponseEntity<DncAdded> addDnc(@RequestBody(required = false) DncBody body, Principal user) {
        if (body == null || body.phone() == null || body.phone().isBlank()) {
            throw new ContactRejectedException("phone is required");
        }
        DoNotContactEntry entry = dnc.addEntry(body.phone(), body.reason(), "manual", user.getName());
        DataRetention.Erased erased = Boolean.TRUE.equals(body.erase()) ? retention.erase(entry.phoneHash()) : null;
        return ResponseEntity.status(HttpStatus.CREATED).body(new DncAdded(entry, erased));
    }

    /**
     * A resident's opt-out with erasure: the number goes on the do-not-contact list (so it is never messaged again, also
     * after a re-import), the contact record is deleted and the delivery records to them de-identified; the counters
     * keep what they counted. 404 for an id that is neither a contact nor in any delivery record.
     */
    @Audited(value = "contact.erase", object = "contact")
    @PostMapping("/api/contacts/{id}/erase")
    DataRetention.Erased erase(@PathVariable String id, @RequestBody(required = false) EraseBody body, Principal user) {
        if (contacts.get(id).isEmpty() && !retention.hasRecordsOf(id)) {
            throw notFound(id);
        }
        dnc.addHash(id, body == null || body.reason() == null ? "erasure requested" : body.reason(), "manual", user.getName());
        return retention.erase(id);
    }

    @GetMapping("/api/dnc")
    PagedModel<DoNotContactEntry> listDnc(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        checkPage(page, size);
        return new PagedModel<>(dnc.list(PageRequest.of(page, size)));
    }

    private static void checkPage(int page, int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "page must be ≥ 0 and size between 1 and " + MAX_PAGE_SIZE);
        }
    }

    private static ResponseStatusException notFound(String id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no contact '" + id + "'");
    }

    @ExceptionHandler(ContactRejectedException.class)
    ResponseEntity<ApiError> rejected(ContactRejectedException e) {
        return ResponseEntity.badRequest().body(ApiError.of(HttpStatus.BAD_REQUEST, e.getMessage()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        return ResponseEntity.badRequest().body(ApiError.of(HttpStatus.BAD_REQUEST, JsonBodyErrors.describe(e)));
    }

    @ExceptionHandler(ImportRefusedException.class)
    ResponseEntity<ImportRefusal> refused(ImportRefusedException e) {
        HttpStatus status = switch (e.reason()) {
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case UNSUPPORTED_TYPE -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
            case UNREADABLE -> HttpStatus.UNPROCESSABLE_CONTENT;
        };
        return ResponseEntity.status(status).body(new ImportRefusal(status.value(), status.getReasonPhrase(), e.getMessage(), null));
    }
}
