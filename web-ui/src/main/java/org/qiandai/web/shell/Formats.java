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

    /** {@code 1234567} as {@code 1,234,567}. */
    public String count(long n) {
        return new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(n);
    }

    /** {@code 0.153} as {@code 15.3%}; empty for none. */
    public String share(Double share) {
        return share == null ? "" : new DecimalFormat("0.0%", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(share);
    }

    /** The change from {@code previous} to {@code value} as {@code +12.5%} or {@code −3.0%}; empty when there was nothing before. */
    public String change(double value, double previous) {
        if (previous == 0) {
            return "";
        }
        double c = (value - previous) / previous;
        return (c > 0 ? "+" : c < 0 ? "−" : "±") + new DecimalFormat("0.0%", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(Math.abs(c));
    }

    public String time(Instant instant) {
        return instant == null ? "" : DATE_TIME.format(instant.atZone(zone));
    }

    public String date(LocalDate date) {
        return date == null ? "" : date.toString();
    }
}
