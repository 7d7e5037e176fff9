package dev.esakit.report;

/**
 * The judgement of one scenario against one target.
 *
 * <p>Beyond pass and fail (as the OpenID conformance suite does): a reference-defined rule that a
 * third-party target does differently is INFORMATIONAL, a check the target's log cannot answer is
 * NOT_OBSERVABLE, a deviation listed in the target's expected-results ledger is EXPECTED_FAIL, and a
 * ledger entry whose scenario now passes is STALE_EXPECTED_FAIL (the ledger needs updating).
 */
public enum Verdict {
    PASS,
    FAIL,
    INFORMATIONAL,
    NOT_OBSERVABLE,
    EXPECTED_FAIL,
    STALE_EXPECTED_FAIL,
    SKIPPED;

    /** Whether this verdict keeps CI green: everything but an unexpected failure or a stale ledger entry. */
    public boolean expected() {
        return this != FAIL && this != STALE_EXPECTED_FAIL;
    }

    /** A human label: {@code NOT_OBSERVABLE} reads "not observable". */
    public String label() {
        return name().replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
    }
}
