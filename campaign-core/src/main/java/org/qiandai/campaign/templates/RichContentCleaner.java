package org.qiandai.campaign.templates;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;
import org.jsoup.parser.Parser;

/**
 * Cleans rich warning content (MMS, partner cards) with jsoup against a strict allow-list, and says what it removed.
 * Kept: text formatting ({@code p br b strong i em u s small sub sup ul ol li h2 h3 h4 blockquote hr span div}) and
 * images whose {@code src} is an embedded {@code data:image/png|jpeg|gif|webp;base64,…} (with {@code alt},
 * {@code width}, {@code height}). Removed: every other element (script, style, iframe, form, object, svg …; their text
 * stays unless it is script or style), every other attribute (event handlers such as {@code onerror}, {@code style},
 * {@code class}), and links: {@code <a>} is unwrapped to its text, because a genuine police warning carries no links;
 * images from any URL (a remote image would track who opened the card) or of another type (SVG can carry script).
 */
final class RichContentCleaner {

    private static final Pattern DATA_IMAGE = Pattern.compile("(?i)^data:image/(png|jpe?g|gif|webp);base64,[a-z0-9+/=\\s]+$");

    private static final Safelist SAFELIST = new Safelist()
            .addTags("p", "br", "b", "strong", "i", "em", "u", "s", "small", "sub", "sup", "ul", "ol", "li",
                    "h2", "h3", "h4", "blockquote", "hr", "span", "div", "img")
            .addAttributes("img", "src", "alt", "width", "height")
            .addProtocols("img", "src", "data")
            .preserveRelativeLinks(true);

    private RichContentCleaner() {
    }

    record Cleaned(String html, String text, List<String> removed) {
    }

    static Cleaned clean(String html) {
        Document dirty = Document.createShell("");
        dirty.body().appendChildren(Parser.parseFragment(html == null ? "" : html, dirty.body(), ""));
        Set<String> removed = new LinkedHashSet<>();
        for (Element el : dirty.body().getAllElements()) {
            if (el == dirty.body()) {
                continue;
            }
            String tag = el.normalName();
            if (!SAFELIST.isSafeTag(tag)) {
                removed.add(tag.equals("a") && el.hasAttr("href") ? "<a href=" + shorten(el.attr("href")) + ">" : "<" + tag + ">");
                continue;
            }
            List<Attribute> attributes = new ArrayList<>();
            el.attributes().forEach(attributes::add);
            for (Attribute a : attributes) {
                String key = a.getKey().toLowerCase(Locale.ROOT);
                boolean safe = SAFELIST.isSafeAttribute(tag, el, a.clone());
                if (safe && tag.equals("img") && key.equals("src") && !DATA_IMAGE.matcher(a.getValue().trim()).matches()) {
                    safe = false;
                }
                if (!safe) {
                    removed.add("<" + tag + " " + key + (key.equals("src") || key.equals("href") ? "=" + shorten(a.getValue()) : "") + ">");
                    el.removeAttr(a.getKey());
                }
            }
        }
        Document clean = new Cleaner(SAFELIST).clean(dirty);
        // An image left without a source shows nothing: drop it too.
        for (Element img : clean.select("img:not([src])")) {
            removed.add("<img> without an embedded image");
            img.remove();
        }
        clean.outputSettings().prettyPrint(false);
        return new Cleaned(clean.body().html(), clean.body().text(), List.copyOf(removed));
    }

    private static String shorten(String value) {
        String v = value.trim();
        return v.length() > 40 ? v.substring(0, 40) + "…" : v;
    }
}
