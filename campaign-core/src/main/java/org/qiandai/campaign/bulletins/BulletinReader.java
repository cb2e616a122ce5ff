package org.qiandai.campaign.bulletins;

import java.time.LocalDate;
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

    /**
     * Two 64-bit hashes (FNV-1a over the UTF-16 code units, each mixed at the end) of the page's kept text without its
     * spaces, as 32 hex digits. Not cryptographic, and need not be: it tells pages apart, it protects nothing.
     */
    private static String digest(Page page) {
        long[] h = {0xcbf29ce484222325L, 0x84222325cbf29ce4L};
        for (Block block : page.blocks()) {
            if (block instanceof Line line) {
                hash(h, line.text());
            } else if (block instanceof Table table) {
                for (String header : table.headers()) {
                    hash(h, header);
                }
                for (List<String> row : table.rows()) {
                    for (String cell : row) {
                        hash(h, cell);
                    }
                }
            }
        }
        return String.format("%016x%016x", mix(h[0]), mix(h[1]));
    }

    private static void hash(long[] h, String text) {
        long a = h[0];
        long b = h[1];
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ') {
                a = (a ^ c) * 0x100000001b3L;
                b = (b ^ c) * 0x9E3779B97F4A7C15L;
            }
        }
        h[0] = a;
        h[1] = b;
    }

    /** The finaliser of MurmurHash3: spreads every bit of the state over the whole result. */
    private static long mix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
