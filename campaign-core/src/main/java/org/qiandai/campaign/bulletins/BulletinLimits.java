package org.qiandai.campaign.bulletins;

import java.time.Duration;
import java.util.List;

import org.qiandai.campaign.cases.CaseDistricts;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * How bulletins are read, under {@code qiandai.bulletins}.
 *
 * @param maxSize    largest page accepted, uploaded or pasted (default 2MB)
 * @param maxDepth   deepest element nesting accepted (default 256; real pages stay under 60)
 * @param maxDrafts  most cases one page may yield (default 1000)
 * @param vocabulary where the vocabulary is read from, a Spring resource location (default the bundled
 *                   {@code classpath:bulletins/vocabulary.yml}); a {@code file:} is read again when it changes
 * @param districts  the districts a narrative's district is recognised from (default Baotou's nine)
 * @param fetch      reading a page from a URL: off unless hosts are allowed
 */
@ConfigurationProperties("qiandai.bulletins")
public record BulletinLimits(DataSize maxSize, Integer maxDepth, Integer maxDrafts, String vocabulary, List<String> districts, Fetch fetch) {

    public static final String DEFAULT_VOCABULARY = "classpath:bulletins/vocabulary.yml";

    /**
     * Fetching pages by URL, which is off by default: a server that fetches what users type is an SSRF hole.
     *
     * @param allowedHosts the only hosts pages may be fetched from (exact names, or {@code *.example.gov.cn} for its
     *                     subdomains); empty = no fetching
     * @param maxSize      largest page fetched (default: {@code qiandai.bulletins.max-size})
     * @param timeout      longest a fetch may take, connecting and reading (default 10s)
     */
    public record Fetch(List<String> allowedHosts, DataSize maxSize, Duration timeout) {
        public Fetch {
            allowedHosts = allowedHosts == null ? List.of() : allowedHosts.stream().map(String::strip).filter(h -> !h.isEmpty()).toList();
            timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        }
    }

    public BulletinLimits {
        maxSize = maxSize == null ? DataSize.ofMegabytes(2) : maxSize;
        maxDepth = maxDepth == null ? 256 : maxDepth;
        maxDrafts = maxDrafts == null ? 1000 : maxDrafts;
        vocabulary = vocabulary == null || vocabulary.isBlank() ? DEFAULT_VOCABULARY : vocabulary.strip();
        districts = districts == null || districts.isEmpty() ? CaseDistricts.BAOTOU : List.copyOf(districts);
        fetch = fetch == null ? new Fetch(null, null, null) : fetch;
        if (fetch.maxSize() == null) {
            fetch = new Fetch(fetch.allowedHosts(), maxSize, fetch.timeout());
        }
    }

    public static BulletinLimits defaults() {
        return new BulletinLimits(null, null, null, null, null, null);
    }
}
