package org.qiandai.campaign.templates;

import java.text.Normalizer;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a link in a warning's text: a URL with a scheme ({@code http://}, {@code https://}, any {@code x://}),
 * {@code www.}, a bare domain such as {@code xx.cn/abc} or a short link such as {@code t.cn/A6x} (a name ending in a
 * common top-level domain), or an IP address. Full-width forms (ｈｔｔｐ，ｘｘ．ｃｎ) and a Chinese full stop between letters
 * (xx。cn) are read as their plain forms first, since fraudsters write them to slip past filters.
 */
final class LinkFinder {

    private static final String TLDS = "cn|com|net|org|gov|edu|info|biz|top|xyz|vip|cc|io|me|co|ly|gl|tk|ml|ga|cf|gq|hk|mo|tw"
            + "|pro|tv|ws|ltd|work|icu|asia|mobi|club|shop|site|online|app|link|ink|store|tech|im|la|cloud|website|dev"
            + "|中国|公司|网络";
    /** Top-level domains that are also surnames or words (Mr.Wang, Ms.Ren): a link only with a path after them. */
    private static final String WORD_TLDS = "wang|ren|xin|kim|red|fun|life|live|world|news|space|press|run|page|fit|mom";
    private static final String LABELS = "(?<![a-z0-9.-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+";

    private static final Pattern LINK = Pattern.compile(
            "(?i)(?:[a-z][a-z0-9+.-]*://\\S*"
                    + "|(?<![a-z0-9])www\\.\\S*"
                    + "|" + LABELS + "(?:" + TLDS + ")(?![a-z0-9-])(?::\\d+)?(?:/[\\x21-\\x7e]*)?"
                    + "|" + LABELS + "(?:" + WORD_TLDS + ")(?::\\d+)?/[\\x21-\\x7e]*"
                    + "|(?<![0-9.])(?:\\d{1,3}\\.){3}\\d{1,3}(?![0-9.])(?::\\d+)?(?:/[\\x21-\\x7e]*)?)");

    private static final Pattern CHINESE_DOT = Pattern.compile("(?<=[A-Za-z0-9])[。｡](?=[A-Za-z])");

    private LinkFinder() {
    }

    /** The first link in the text, as written after normalisation; empty when there is none. */
    static Optional<String> find(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        String plain = CHINESE_DOT.matcher(Normalizer.normalize(text, Normalizer.Form.NFKC)).replaceAll(".");
        Matcher m = LINK.matcher(plain);
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }
}
