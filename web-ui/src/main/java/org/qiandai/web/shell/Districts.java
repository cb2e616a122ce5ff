package org.qiandai.web.shell;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The districts pages offer as choices: Baotou's nine, in the bureau's order, then any other a store holds. */
public final class Districts {

    /** Baotou's nine county-level districts. */
    public static final List<String> BAOTOU = List.of("昆都仑区", "青山区", "东河区", "九原区", "石拐区", "白云鄂博矿区", "土默特右旗", "固阳县",
            "达尔罕茂明安联合旗");

    private Districts() {
    }

    /** The nine, followed by those in {@code present} that are not among them. */
    public static List<String> withPresent(Collection<String> present) {
        List<String> all = new ArrayList<>(BAOTOU);
        present.stream().filter(d -> d != null && !d.isBlank() && !all.contains(d)).forEach(all::add);
        return all;
    }
}
