package org.qiandai.web.shell;

import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * What the layout shows on every page. Computed here rather than in templates because Thymeleaf 3.1 no longer
 * exposes the request to expressions, and no Spring Security dialect for Security 7 is on the class path.
 */
@ControllerAdvice
class ShellModel {

    private final Formats formats;

    ShellModel(@Value("${qiandai.zone:Asia/Shanghai}") ZoneId zone) {
        this.formats = new Formats(zone);
    }

    /** The signed-in user, or {@code null} on the login page. */
    @ModelAttribute("viewer")
    Viewer viewer() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken) {
            return null;
        }
        Set<String> roles = auth.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(a -> a != null && a.startsWith("ROLE_"))
                .map(a -> a.substring("ROLE_".length()))
                .collect(Collectors.toUnmodifiableSet());
        return new Viewer(auth.getName(), roles);
    }

    /** The current page in each language, keeping its other query parameters (filters, page). */
    @ModelAttribute("langUrls")
    Map<String, String> langUrls(HttpServletRequest request) {
        return Map.of(
                "zh", withLang(request, "zh-CN"),
                "en", withLang(request, "en"));
    }

    @ModelAttribute("english")
    boolean english(Locale locale) {
        return Locale.ENGLISH.getLanguage().equals(locale.getLanguage());
    }

    @ModelAttribute("fmt")
    Formats formats() {
        return formats;
    }

    private static String withLang(HttpServletRequest request, String lang) {
        // Relative to the context path so that templates can pass it through @{...}; the query string stays as sent (encoded).
        // On an error page, link to the page that failed rather than to /error.
        Object failed = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String uri = failed instanceof String s ? s : request.getRequestURI();
        String path = uri.substring(Math.min(uri.length(), request.getContextPath().length()));
        return UriComponentsBuilder.fromPath(path)
                .query(request.getQueryString())
                .replaceQueryParam(ShellConfiguration.LANG_PARAM, lang)
                .build()
                .toUriString();
    }
}
