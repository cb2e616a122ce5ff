package org.qiandai.targeting;

/** A profiling run that cannot start as asked (bad parameters, no case matches); the message names the field. */
public class ProfileRunRejectedException extends IllegalArgumentException {

    public ProfileRunRejectedException(String message) {
        super(message);
    }
}
