package dev.esakit.engine.log;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The C library's ctime(3) form that AsyncOS stamps every mail log line with:
 * {@code Www Mmm dd HH:MM:SS YYYY}, the day of month padded with a space ({@code Wed Jul  2 09:15:07 2014}).
 */
public final class Ctime {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

    /** The regular expression a ctime stamp matches; the log matcher uses it for {@code {t:ctime}}. */
    public static final String PATTERN =
            "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ 1-3]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}";

    private Ctime() {
    }

    public static String format(Instant instant, ZoneId zone) {
        return FORMAT.format(instant.atZone(zone));
    }
}
