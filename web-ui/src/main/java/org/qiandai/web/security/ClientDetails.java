package org.qiandai.web.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.authentication.AuthenticationDetailsSource;

/**
 * What a sign-in attempt carries besides the credentials: the client's address ({@link ClientAddresses}) and whether it
 * came through the sign-in form or the API's HTTP Basic.
 */
record ClientDetails(String address, boolean form) {

    static final ClientDetails UNKNOWN = new ClientDetails("unknown", false);

    /** The details source for one way of signing in. */
    static AuthenticationDetailsSource<HttpServletRequest, ClientDetails> source(ClientAddresses addresses, boolean form) {
        return request -> new ClientDetails(addresses.of(request), form);
    }
}
