package dev.esakit.harness.logsource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.esakit.harness.logmatch.LogMatch;
import dev.esakit.harness.logsource.dialect.AsyncOsTrackingDialect;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The AsyncOS message-tracking source against a WireMock stand-in for the appliance, answering in the shape
 * Cisco documents for {@code /esa/api/v2.0/message-tracking/messages} and {@code .../details}.
 */
class AsyncOsTrackingSourceTest {
    private static final String MESSAGES = """
            {"meta": {"num_bad_records": 0, "totalCount": 1},
             "data": [{"attributes": {"hostName": "esa1.lab", "mid": [349], "icid": 13646, "dcid": [4364],
                "serialNumber": "ESA-SERIAL-1", "sender": "alice@sender.example", "recipient": ["bob@example.com"],
                "messageStatus": {"349": "Delivered"}, "timestamp": "07 Sep 2022 09:08:03 (GMT)"}}]}
            """;
    private static final String DETAILS = """
            {"data": {"messages": {"mid": [349], "hostName": "esa1.lab (127.0.0.1)", "messageStatus": "Delivered",
              "summary": [
                {"timestamp": "07 Sep 2022 09:08:03 (GMT)", "description": "Incoming connection (ICID 13646) has sender_group: RELAYLIST, sender_ip: 127.0.0.1 and sbrs: None", "lastEvent": false},
                {"timestamp": "07 Sep 2022 09:08:03 (GMT)", "description": "Message 349 queued for delivery.", "lastEvent": false},
                {"timestamp": "07 Sep 2022 09:08:06 (GMT)", "description": "Message 349 to bob@example.com received remote SMTP response 'ok: queued as 1.1'.", "lastEvent": true}
              ]}}}
            """;

    /** One stand-in for the class (starting Jetty costs a second); every test sets its stubs afresh. */
    private static WireMockServer esa;

    @BeforeAll
    static void startAppliance() {
        esa = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        esa.start();
    }

    @AfterAll
    static void stopAppliance() {
        esa.stop();
    }

    @BeforeEach
    void stubs() {
        esa.resetAll();
        esa.stubFor(get(urlPathEqualTo("/esa/api/v2.0/message-tracking/messages"))
                .withBasicAuth("admin", "secret")
                .withQueryParam("startDate", matching("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:00\\.000Z"))
                .withQueryParam("endDate", matching("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:00\\.000Z"))
                .withQueryParam("searchOption", equalTo("messages"))
                .willReturn(okJson(MESSAGES)));
        esa.stubFor(get(urlPathEqualTo("/esa/api/v2.0/message-tracking/details"))
                .withBasicAuth("admin", "secret")
                .withQueryParam("mid", equalTo("349"))
                .withQueryParam("icid", equalTo("13646"))
                .withQueryParam("serialNumber", equalTo("ESA-SERIAL-1"))
                .willReturn(okJson(DETAILS)));
    }

    private AsyncOsTrackingSource source(String password) {
        AsyncOsTrackingSource s = new AsyncOsTrackingSource(esa.baseUrl() + "/", "admin", password, null, Duration.ZERO);
        s.open();
        return s;
    }

    @Test
    void eachSummaryEntryBecomesARecordInOrder() {
        AsyncOsTrackingSource source = source("secret");
        List<LogRecord> got = source.since(0);
        assertThat(got).extracting(LogRecord::text).containsExactly(
                "Incoming connection (ICID 13646) has sender_group: RELAYLIST, sender_ip: 127.0.0.1 and sbrs: None",
                "Message 349 queued for delivery.",
                "Message 349 to bob@example.com received remote SMTP response 'ok: queued as 1.1'.");
        assertThat(got).extracting(LogRecord::tag).containsOnly("MID 349");
        assertThat(got.get(2).stamped()).isEqualTo(Instant.parse("2022-09-07T09:08:06Z"));
        esa.verify(getRequestedFor(urlPathEqualTo("/esa/api/v2.0/message-tracking/details"))
                .withHeader("Authorization", equalTo("Basic "
                        + Base64.getEncoder().encodeToString("admin:secret".getBytes()))));
    }

    @Test
    void pollingAgainAddsNoDuplicates() {
        AsyncOsTrackingSource source = source("secret");
        long mark = source.mark();
        assertThat(mark).isEqualTo(3);
        assertThat(source.since(mark)).isEmpty();
        assertThat(source.since(0)).hasSize(3);
    }

    @Test
    void theTrackingDialectJudgesTheDeliveryAndNamesWhatTrackingCannotShow() {
        AsyncOsTrackingSource source = source("secret");
        var check = new AsyncOsTrackingDialect().check(List.of(
                "New SMTP DCID {d:dcid} interface {i:ip} address 127.1.0.2 port 25",
                "Message done DCID {d} MID {m:mid} to RID [0]"), source.since(0), Map.of(), false);
        LogMatch match = check.match();
        assertThat(match.matched()).as(match.describe()).isTrue();
        assertThat(match.bindings()).containsEntry("m", "349");
        assertThat(check.judged()).isEqualTo(1);
        assertThat(check.notObservable()).hasSize(2);
    }

    @Test
    void aRefusedLoginIsAnErrorThatSaysWhatToCheck() {
        esa.stubFor(get(urlPathEqualTo("/esa/api/v2.0/message-tracking/messages")).withBasicAuth("admin", "wrong")
                .willReturn(aResponse().withStatus(401).withBody("{\"error\": {\"message\": \"Unauthorized\"}}")));
        AsyncOsTrackingSource source = source("wrong");
        assertThatThrownBy(() -> source.since(0)).hasMessageContaining("HTTP 401")
                .hasMessageContaining("check the username and the password variable");
    }

    @Test
    void aBodyThatIsNotJsonIsNamed() {
        esa.stubFor(get(urlPathEqualTo("/esa/api/v2.0/message-tracking/messages")).withBasicAuth("admin", "html")
                .willReturn(aResponse().withStatus(200).withBody("<html>login</html>")));
        assertThatThrownBy(() -> source("html").since(0)).hasMessageContaining("not JSON")
                .hasMessageContaining("<html>login</html>");
    }
}
