package org.qiandai.campaign.cases;

import java.util.List;

/** The bureau's districts, in its own order: Baotou's nine county-level districts, banners and county. */
public final class CaseDistricts {

    /** Baotou's nine county-level districts. */
    public static final List<String> BAOTOU = List.of("昆都仑区", "青山区", "东河区", "九原区", "石拐区", "白云鄂博矿区", "土默特右旗", "固阳县",
            "达尔罕茂明安联合旗");

    private CaseDistricts() {
    }
}
