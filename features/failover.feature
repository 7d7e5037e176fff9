Feature: Failover by failure kind
  When a destination host fails, an ESA sends the same message to the next host at once, in the same
  delivery attempt (ESA-PROFILE section 3). Each failure kind has its own mail log line.

  # TN117875, the technote's first scenario: a full mailbox server answers its banner with 452.
  @FO-1 @SEL-1 @SEL-3 @LOG-1 @LOG-3 @documented
  Scenario: TN117875 452 from the first host: the message goes to the next host at once
    Given host "mx-a" greets with:
      """
      452-example.com ESMTP
      452 4.3.1 Mail system full
      """
    And host "mx-b" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
      | mx-b | 10       |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-b" receives the message unchanged
    And host "mx-a" saw no MAIL FROM
    And the mail log shows, in order:
      """
      New SMTP DCID {d1:dcid} interface {local:ip} address {mx-a.ip} port {mx-a.port}
      Connection Error: DCID {d1} domain: example.com IP: {mx-a.ip} port: {mx-a.port} details: 452-example.com ESMTP\n452 4.3.1 Mail system full interface: {local} reason: unexpected SMTP response
      New SMTP DCID {d2:dcid} interface {local} address {mx-b.ip} port {mx-b.port}
      Delivery start DCID {d2} MID {m:mid} to RID [0]
      Message done DCID {d2} MID {m} to RID [0]
      Message finished MID {m} done
      """
