package org.qiandai.targeting;

/** Too many profiling runs are already waiting for the worker; try again when one has finished. */
public class ProfileRunsBusyException extends RuntimeException {

    public ProfileRunsBusyException(String message) {
        super(message);
    }
}
