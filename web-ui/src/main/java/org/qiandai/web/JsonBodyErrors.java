package org.qiandai.web;

import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;

/** Says which field of a JSON request body could not be read, e.g. {@code k: Cannot deserialize value of type Integer…}. */
public final class JsonBodyErrors {

    private JsonBodyErrors() {
    }

    public static String describe(HttpMessageNotReadableException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JacksonException je && !je.getPath().isEmpty()) {
                StringBuilder path = new StringBuilder();
                for (JacksonException.Reference ref : je.getPath()) {
                    if (ref.getPropertyName() != null) {
                        path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
                    } else if (ref.getIndex() >= 0) {
                        path.append('[').append(ref.getIndex()).append(']');
                    }
                }
                return path + ": " + je.getOriginalMessage();
            }
        }
        Throwable cause = e.getMostSpecificCause();
        return "the request body is not valid JSON" + (cause == null || cause.getMessage() == null ? ""
                : ": " + cause.getMessage().lines().findFirst().orElse(""));
    }
}
