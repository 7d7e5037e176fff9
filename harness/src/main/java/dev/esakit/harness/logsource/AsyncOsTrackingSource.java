package dev.esakit.harness.logsource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Message tracking from the AsyncOS REST API, for an appliance whose mail_logs the harness cannot receive.
 * It polls, no more often than the poll interval:
 *
 * <ul>
 *   <li>{@code GET /esa/api/v2.0/message-tracking/messages?startDate=..&endDate=..&searchOption=messages}
 *       for the messages since the source was opened ({@code data[].attributes}: {@code mid[]}, {@code icid},
 *       {@code serialNumber}); the API wants whole minutes, so the window is widened to them;</li>
 *   <li>{@code GET /esa/api/v2.0/message-tracking/details?mid=..&icid=..&serialNumber=..&startDate=..&endDate=..}
 *       per message, whose {@code data.messages.summary[]} ({@code timestamp}, {@code description},
 *       {@code lastEvent}) become this source's records, one per summary entry, in order.</li>
 * </ul>
 *
 * HTTP Basic authentication, as the API accepts. Records carry {@code tag = "MID <n>"} and the summary
 * description as text; {@code AsyncOsTrackingDialect} reads them.
 */
public final class AsyncOsTrackingSource implements LogSource {
    private static final String API = "/esa/api/v2.0/message-tracking/";
    private static final DateTimeFormatter QUERY = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:00.000'Z'");
    private static final DateTimeFormatter SUMMARY = DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss", Locale.US);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String authorization;
    private final String serialNumber;
    private final Duration pollInterval;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final List<LogRecord> records = new ArrayList<>();
    private final Map<String, Integer> summariesSeen = new HashMap<>();
    private Instant openedAt;
    private Instant lastPoll = Instant.EPOCH;

    /**
     * @param baseUrl      like {@code https://esa.example.com:6443}
     * @param serialNumber the appliance's serial, or null to take each message's {@code serialNumber}
     */
    public AsyncOsTrackingSource(String baseUrl, String username, String password, String serialNumber,
                                 Duration pollInterval) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        this.serialNumber = serialNumber;
        this.pollInterval = pollInterval;
    }

    @Override
    public synchronized void open() {
        openedAt = Instant.now();
    }

    @Override
    public synchronized long mark() {
        poll(true);
        return records.size();
    }

    @Override
    public synchronized List<LogRecord> since(long mark) {
        poll(false);
        return List.copyOf(records.subList((int) Math.min(mark, records.size()), records.size()));
    }

    @Override
    public String describe() {
        return "AsyncOS message tracking at " + baseUrl;
    }

    private void poll(boolean force) {
        Instant now = Instant.now();
        if (!force && Duration.between(lastPoll, now).compareTo(pollInterval) < 0) {
            return;
        }
        lastPoll = now;
        String start = QUERY.format(openedAt.minus(1, ChronoUnit.MINUTES).atOffset(ZoneOffset.UTC));
        String end = QUERY.format(now.plus(2, ChronoUnit.MINUTES).atOffset(ZoneOffset.UTC));
        JsonNode list = get("messages", Map.of("startDate", start, "endDate", end, "searchOption", "messages",
                "offset", "0", "limit", "100"));
        for (JsonNode item : list.path("data")) {
            JsonNode a = item.path("attributes");
            String icid = a.path("icid").asText();
            String serial = serialNumber != null ? serialNumber : a.path("serialNumber").asText();
            for (JsonNode midNode : a.path("mid")) {
                details(midNode.asText(), icid, serial, start, end);
            }
        }
    }

    private void details(String mid, String icid, String serial, String start, String end) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("mid", mid);
        q.put("icid", icid);
        q.put("serialNumber", serial);
        q.put("startDate", start);
        q.put("endDate", end);
        JsonNode summary = get("details", q).path("data").path("messages").path("summary");
        int seen = summariesSeen.getOrDefault(mid, 0);
        for (int i = seen; i < summary.size(); i++) {
            JsonNode s = summary.get(i);
            records.add(new LogRecord(Instant.now(), summaryTime(s.path("timestamp").asText()), null, "MID " + mid,
                    s.path("description").asText()));
        }
        summariesSeen.put(mid, Math.max(seen, summary.size()));
    }

    /** Summary stamps read like {@code 07 Sep 2022 09:08:03 (GMT)}. */
    static Instant summaryTime(String text) {
        String t = text.replaceAll("\\s*\\(.*\\)\\s*$", "");
        try {
            return LocalDateTime.parse(t, SUMMARY).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private JsonNode get(String what, Map<String, String> query) {
        StringBuilder url = new StringBuilder(baseUrl).append(API).append(what);
        char sep = '?';
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(query).entrySet()) {
            url.append(sep).append(e.getKey()).append('=').append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url.toString())).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization).header("Accept", "application/json").GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("AsyncOS API " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking " + url, e);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("AsyncOS API " + url + " answered HTTP " + response.statusCode()
                    + (response.statusCode() == 401 ? " (check the username and the password variable)" : "")
                    + ": " + abbreviate(response.body()));
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("AsyncOS API " + url + " sent a body that is not JSON: "
                    + abbreviate(response.body()), e);
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    @Override
    public void close() {
        // the HTTP client holds no connection between polls that needs closing
    }
}
