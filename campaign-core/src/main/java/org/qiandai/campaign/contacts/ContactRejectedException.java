package org.qiandai.campaign.contacts;

/** A contact (or do-not-contact entry) that cannot be saved as given; the message says which field and why. */
public class ContactRejectedException extends IllegalArgumentException {

    public ContactRejectedException(String message) {
        super(message);
    }
}
