package org.qiandai.web.shell;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.qiandai.campaign.cases.CaseDistricts;

/** The districts pages offer as choices: Baotou's nine, in the bureau's order, then any other a store holds. */
public final class Districts {

    /** Baotou's nine county-level districts (kept in campaign-core, which reads bulletins against them too). */
    public static final List<String> BAOTOU = CaseDistricts.BAOTOU;

    private Districts() {
    }

    /** The nine, followed by those in {@code present} that are not among them. */
    public static List<String> withPresent(Collection<String> present) {
        List<String> all = new ArrayList<>(BAOTOU);
        present.stream().filter(d -> d != null && !d.isBlank() && !all.contains(d)).forEach(all::add);
        return all;
    }
}
