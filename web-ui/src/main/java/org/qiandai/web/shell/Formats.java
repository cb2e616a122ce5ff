package org.qiandai.web.shell;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How pages write money and times: yuan with thousands separators (cents only when there are any), instants in
 * the bureau's zone. Public because templates call it as {@code ${fmt.yuan(c.loss)}}.
 */
public final class Formats {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final ZoneId zone;

    public Formats(ZoneId zone) {
        this.zone = zone;
    }

    /** {@code 1234567.5} as {@code 1,234,567.50}; {@code 80000} as {@code 80,000}; empty for none. */
    public String yuan(BigDecimal amount) {
        if (amount == null) {
            return "";
        }
        boolean whole = amount.stripTrailingZeros().scale() <= 0;
        DecimalFormat format = new DecimalFormat(whole ? "#,##0" : "#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
        return format.format(amount);
    }

    public String time(Instant instant) {
        return instant == null ? "" : DATE_TIME.format(instant.atZone(zone));
    }

    public String date(LocalDate date) {
        return date == null ? "" : date.toString();
    }
}
