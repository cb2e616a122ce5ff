package org.qiandai.web.shell;

import java.time.Duration;
import java.util.Locale;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * Chinese first: pages are zh-CN whatever the browser asks for, until the user picks English with
 * {@code ?lang=en}; the choice is kept in a cookie so it survives the session (and the login).
 */
@Configuration(proxyBeanMethods = false)
class ShellConfiguration implements WebMvcConfigurer {

    static final String LANG_PARAM = "lang";

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("qiandai-lang");
        // A fixed default, not Accept-Language: the bureau's staff read Chinese first.
        resolver.setDefaultLocale(Locale.SIMPLIFIED_CHINESE);
        resolver.setCookieMaxAge(Duration.ofDays(365));
        return resolver;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor change = new LocaleChangeInterceptor();
        change.setParamName(LANG_PARAM);
        change.setIgnoreInvalidLocale(true);
        registry.addInterceptor(change);
    }
}
