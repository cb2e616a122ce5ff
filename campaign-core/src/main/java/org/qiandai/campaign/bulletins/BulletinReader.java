package org.qiandai.campaign.bulletins;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;

import org.qiandai.campaign.bulletins.CaseFinder.Found;
import org.qiandai.campaign.bulletins.PageReader.Block;
import org.qiandai.campaign.bulletins.PageReader.Line;
import org.qiandai.campaign.bulletins.PageReader.Page;
import org.qiandai.campaign.bulletins.PageReader.Table;

/**
 * Reads a bulletin without storing anything: the page (jsoup), its cases and their fields. What
 * {@code POST /api/cases/bulletins} does before it keeps the result, and what the benchmark measures.
 */
final class BulletinReader {

    /**
     * A page read: title, publication date and source (each {@code null} when the page does not say), the cases, and a
     * digest of its content (the text kept, white space dropped), which identifies the bulletin however it was saved.
     */
    record Read(String title, LocalDate published, String source, List<Found> cases, String digest) {
    }

    private final PageReader pages;
    private final CaseFinder finder;
    private final int maxDrafts;

    BulletinReader(BulletinLimits limits, Lexicon lexicon) {
        this.pages = new PageReader(limits.maxDepth(), lexicon);
        this.finder = new CaseFinder(new FieldExtractor(lexicon), lexicon);
        this.maxDrafts = limits.maxDrafts();
    }

    /** Reads decoded page text; {@code published}, when given, wins over what the page says. */
    Read read(String html, LocalDate published) {
        Page page = pages.read(html);
        LocalDate date = published != null ? published : page.published();
        List<Found> cases = finder.find(page.blocks(), date, maxDrafts);
        return new Read(page.title(), date, page.source(), cases, digest(page));
    }

    /** Reads uploaded bytes, finding their encoding. */
    Read read(byte[] bytes, String name, LocalDate published) {
        return read(PageDecoder.decode(bytes, name), published);
    }

    private static String digest(Page page) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder text = new StringBuilder();
        for (Block block : page.blocks()) {
            if (block instanceof Line line) {
                text.append(line.text());
            } else if (block instanceof Table table) {
                table.headers().forEach(text::append);
                table.rows().forEach(row -> row.forEach(text::append));
            }
            if (text.length() > 8192) {
                sha.update(withoutSpaces(text).getBytes(StandardCharsets.UTF_8));
                text.setLength(0);
            }
        }
        sha.update(withoutSpaces(text).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String withoutSpaces(CharSequence text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = Texts.fold(text.charAt(i));
            if (!Character.isWhitespace(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
