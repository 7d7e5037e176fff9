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

  # ---- FO-1: 4xx greeting ----

  @FO-1 @SEL-3 @documented
  Scenario: A one-line 4xx greeting is an unexpected SMTP response; the next host gets the message
    Given host "mx-a" greets with "450 4.3.2 Not accepting messages at this time"
    And host "mx-b" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
      | mx-b | 10       |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-b" receives the message unchanged
    And host "mx-a" saw no EHLO
    And the mail log shows, in order:
      """
      New SMTP DCID {d1:dcid} interface {local:ip} address {mx-a.ip} port {mx-a.port}
      Connection Error: DCID {d1} domain: example.com IP: {mx-a.ip} port: {mx-a.port} details: 450 4.3.2 Not accepting messages at this time interface: {ifc:ip} reason: unexpected SMTP response
      New SMTP DCID {d2:dcid} interface {local} address {mx-b.ip} port {mx-b.port}
      Message done DCID {d2} MID {m:mid} to RID [0]
      """

  # ---- FO-2: refused, reset ----

  @FO-2 @SEL-3 @documented
  Scenario: A refused connection is a network error; the next host gets the message
    Given host "mx-a" refuses connections
    And host "mx-b" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
      | mx-b | 10       |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-b" receives the message unchanged
    And the mail log shows, in order:
      """
      Connection Error: DCID {d1:dcid} domain: example.com IP: {mx-a.ip} port: {mx-a.port} details: {details:any} interface: {ifc:ip} reason: network error
      New SMTP DCID {d2:dcid} interface {local:ip} address {mx-b.ip} port {mx-b.port}
      Delivery start DCID {d2} MID {m:mid} to RID [0]
      Message done DCID {d2} MID {m} to RID [0]
      Message finished MID {m} done
      """

  @FO-2 @documented
  Scenario: A connection reset as it is accepted is a network error; the next host gets the message
    Given host "mx-a" resets connections as it accepts them
    And host "mx-b" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
      | mx-b | 10       |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-b" receives the message unchanged
    And the mail log shows, in order:
      """
      Connection Error: DCID {d1:dcid} domain: example.com IP: {mx-a.ip} port: {mx-a.port} details: {details:any} interface: {ifc:ip} reason: network error
      Message done DCID {d2:dcid} MID {m:mid} to RID [0]
      """
    And the mail log has no line like "Delivery start DCID {d1} MID {m} to RID [0]"

  # ---- FO-3: no greeting ----

  @FO-3 @CONN-5 @reference-defined
  Scenario: A host that accepts but never greets times out as a network error; the next host gets the message
    Given host "mx-a" accepts connections but never greets
    And the relay waits at most 3 seconds for a greeting
    And host "mx-b" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
      | mx-b | 10       |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-b" receives the message unchanged
    And the mail log shows, in order:
      """
      New SMTP DCID {d1:dcid} interface {local:ip} address {mx-a.ip} port {mx-a.port}
      Connection Error: DCID {d1} domain: example.com IP: {mx-a.ip} port: {mx-a.port} details: timeout interface: {ifc:ip} reason: network error
      New SMTP DCID {d2:dcid} interface {local} address {mx-b.ip} port {mx-b.port}
      Message done DCID {d2} MID {m:mid} to RID [0]
      """

  # ---- FO-4: EHLO and HELO ----

  @FO-4 @documented
  Scenario: A 4xx to EHLO is an unexpected SMTP response; the next host gets the message
    Given host "mx-a" answers EHLO with "421 4.3.2 Not accepting messages at this time"
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
      Connection Error: DCID {d1} domain: example.com IP: {mx-a.ip} port: {mx-a.port} details: 421 4.3.2 Not accepting messages at this time interface: {ifc:ip} reason: unexpected SMTP response
      Message done DCID {d2:dcid} MID {m:mid} to RID [0]
      """

  @FO-4 @documented
  Scenario: A 5xx to EHLO falls back to HELO, and the host takes the message
    Given host "mx-a" answers EHLO with "502 5.5.2 Command not implemented"
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-a" receives the message unchanged
    And host "mx-a" saw HELO
    And the mail log has no line like "Connection Error: {any:any}"

  @FO-4 @documented
  Scenario: A 4xx to HELO after a 5xx to EHLO is an unexpected SMTP response; the next host gets the message
    Given host "mx-a" answers EHLO with "500 5.5.1 Command unrecognized"
    And host "mx-a" answers HELO with "451 4.3.2 Not accepting messages at this time"
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
      Connection Error: DCID {d1:dcid} domain: example.com IP: {mx-a.ip} port: {mx-a.port} details: 451 4.3.2 Not accepting messages at this time interface: {ifc:ip} reason: unexpected SMTP response
      Message done DCID {d2:dcid} MID {m:mid} to RID [0]
      """

  # ---- FO-5: 4xx to MAIL FROM ----
  # (A relay may pipeline RCPT TO behind MAIL FROM (RFC 2920), so "saw no RCPT TO" is not asked.)

  @FO-5 @SEL-3 @documented
  Scenario: A 4xx to MAIL FROM delays every recipient on that connection; the next host gets them all
    Given host "mx-a" answers MAIL FROM with "452 4.3.1 Insufficient system storage"
    And host "mx-b" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
      | mx-b | 10       |
    When a message from "alice@sender.example" to "bob@example.com, carol@example.com" is submitted
    Then host "mx-b" receives the message unchanged for "bob@example.com, carol@example.com"
    And host "mx-a" received no message
    And the mail log shows, in order:
      """
      Delivery start DCID {d1:dcid} MID {m:mid} to RID [0, 1]
      Delayed: DCID {d1} MID {m} From: <alice@sender.example> To: <bob@example.com> RID 0 - 4.3.1 - Mail system full ('452', ['4.3.1 Insufficient system storage'])
      Delayed: DCID {d1} MID {m} From: <alice@sender.example> To: <carol@example.com> RID 1 - 4.3.1 - Mail system full ('452', ['4.3.1 Insufficient system storage'])
      New SMTP DCID {d2:dcid} interface {local:ip} address {mx-b.ip} port {mx-b.port}
      Delivery start DCID {d2} MID {m} to RID [0, 1]
      Message done DCID {d2} MID {m} to RID [0, 1]
      Message finished MID {m} done
      """

  # ---- FO-6: 4xx to RCPT TO ----

  @FO-6 @CONN-5 @documented
  Scenario: A 4xx to one RCPT TO delays that recipient only; the others are delivered here, it goes to the next host
    Given host "mx-a" answers RCPT TO for "carol@example.com" with "452 4.3.1 Insufficient system storage"
    And host "mx-b" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
      | mx-b | 10       |
    When a message from "alice@sender.example" to "bob@example.com, carol@example.com, dave@example.com" is submitted
    Then host "mx-a" receives the message unchanged for "bob@example.com, dave@example.com"
    And host "mx-b" receives the message unchanged for "carol@example.com"
    And the mail log shows, in order:
      """
      Delivery start DCID {d1:dcid} MID {m:mid} to RID [0, 1, 2]
      Delayed: DCID {d1} MID {m} From: <alice@sender.example> To: <carol@example.com> RID 1 - 4.3.1 - Mail system full ('452', ['4.3.1 Insufficient system storage'])
      Message done DCID {d1} MID {m} to RID [0, 2]
      Delivery start DCID {d2:dcid} MID {m} to RID [1]
      Message done DCID {d2} MID {m} to RID [1]
      Message finished MID {m} done
      """

  # ---- FO-7: 4xx to DATA and to the end of data ----

  @FO-7 @documented
  Scenario: A 4xx to DATA delays the recipients; the next host gets the message
    Given host "mx-a" answers DATA with "452 4.3.1 Insufficient system storage"
    And host "mx-b" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
      | mx-b | 10       |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-b" receives the message unchanged
    And host "mx-a" received no message
    And the mail log shows, in order:
      """
      Delivery start DCID {d1:dcid} MID {m:mid} to RID [0]
      Delayed: DCID {d1} MID {m} From: <alice@sender.example> To: <bob@example.com> RID 0 - 4.3.1 - Mail system full ('452', ['4.3.1 Insufficient system storage'])
      Message done DCID {d2:dcid} MID {m} to RID [0]
      Message finished MID {m} done
      """

  @FO-7 @documented
  Scenario: A 4xx to the end of data delays the recipients; the next host gets the message
    Given host "mx-a" answers end of data with "451 4.3.2 Not accepting messages at this time"
    And host "mx-b" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
      | mx-b | 10       |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-b" receives the message unchanged
    And host "mx-a" received no message
    And the mail log shows, in order:
      """
      Delivery start DCID {d1:dcid} MID {m:mid} to RID [0]
      Delayed: DCID {d1} MID {m} From: <alice@sender.example> To: <bob@example.com> RID 0 - 4.3.2 - Not accepting messages at this time ('451', ['4.3.2 Not accepting messages at this time'])
      Message done DCID {d2:dcid} MID {m} to RID [0]
      Message finished MID {m} done
      """

  # ---- FO-8: connection lost or timed out mid-session ----

  @FO-8 @documented
  Scenario: A connection lost before any transaction (at EHLO) is a network error; the next host gets the message
    Given host "mx-a" closes the connection at EHLO
    And host "mx-b" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
      | mx-b | 10       |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-b" receives the message unchanged
    And the mail log shows, in order:
      """
      New SMTP DCID {d1:dcid} interface {local:ip} address {mx-a.ip} port {mx-a.port}
      Connection Error: DCID {d1} domain: example.com IP: {mx-a.ip} port: {mx-a.port} details: {details:any} interface: {ifc:ip} reason: network error
      Message done DCID {d2:dcid} MID {m:mid} to RID [0]
      """

  @FO-8 @LOG-2 @documented
  Scenario: A connection lost at MAIL FROM delays the recipients with 4.4.0 and '000'; the next host gets the message
    Given host "mx-a" closes the connection at MAIL FROM
    And host "mx-b" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
      | mx-b | 10       |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-b" receives the message unchanged
    And the mail log shows, in order:
      """
      Delivery start DCID {d1:dcid} MID {m:mid} to RID [0]
      Delayed: DCID {d1} MID {m} From: <alice@sender.example> To: <bob@example.com> RID 0 - 4.4.0 - Other network problem ('000', [{error:any}])
      Message done DCID {d2:dcid} MID {m} to RID [0]
      """

  @FO-8 @documented
  Scenario: A connection reset at RCPT TO delays the recipients with 4.4.0; the next host gets the message
    Given host "mx-a" resets the connection at RCPT TO
    And host "mx-b" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
      | mx-b | 10       |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-b" receives the message unchanged
    And the mail log shows, in order:
      """
      Delivery start DCID {d1:dcid} MID {m:mid} to RID [0]
      Delayed: DCID {d1} MID {m} From: <alice@sender.example> To: <bob@example.com> RID 0 - 4.4.0 - Other network problem ('000', [{error:any}])
      Message done DCID {d2:dcid} MID {m} to RID [0]
      """

  @FO-8 @documented
  Scenario: A connection lost in the middle of the message content is never counted as delivered
    Given host "mx-a" closes the connection after 100 bytes of message content
    And host "mx-b" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
      | mx-b | 10       |
    When a message of 5000 bytes from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-b" receives the message unchanged
    And host "mx-a" received no message
    And the mail log shows, in order:
      """
      Delivery start DCID {d1:dcid} MID {m:mid} to RID [0]
      Delayed: DCID {d1} MID {m} From: <alice@sender.example> To: <bob@example.com> RID 0 - 4.4.0 - Other network problem ('000', [{error:any}])
      Message done DCID {d2:dcid} MID {m} to RID [0]
      """
    And the mail log has no line like "Message done DCID {d1} MID {m} to RID [0]"

  @FO-8 @CONN-5 @LOG-2 @documented
  Scenario: No reply to the end of data times out: the recipients are delayed with '000', never counted as delivered
    Given host "mx-a" never replies to end of data
    And the relay waits at most 3 seconds for the reply to the end of data
    And host "mx-b" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
      | mx-b | 10       |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-b" receives the message unchanged
    And the mail log shows, in order:
      """
      Delivery start DCID {d1:dcid} MID {m:mid} to RID [0]
      Delayed: DCID {d1} MID {m} From: <alice@sender.example> To: <bob@example.com> RID 0 - 4.4.0 - Other network problem ('000', ['timeout'])
      Message done DCID {d2:dcid} MID {m} to RID [0]
      """
    And the mail log has no line like "Message done DCID {d1} MID {m} to RID [0]"

  @FO-8 @documented
  Scenario: A connection closed instead of a reply to the end of data is never counted as delivered
    Given host "mx-a" closes the connection at end of data
    And host "mx-b" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
      | mx-b | 10       |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-b" receives the message unchanged
    And the mail log shows, in order:
      """
      Delivery start DCID {d1:dcid} MID {m:mid} to RID [0]
      Delayed: DCID {d1} MID {m} From: <alice@sender.example> To: <bob@example.com> RID 0 - 4.4.0 - Other network problem ('000', [{error:any}])
      Message done DCID {d2:dcid} MID {m} to RID [0]
      """

  # ---- FO-9: 421 at every stage ----

  @FO-9 @FO-1 @documented
  Scenario: A 421 greeting: the connection closes, it counts as a 4xx greeting, the next host gets the message
    Given host "mx-a" answers greeting with "421 4.3.2 Service not available, closing transmission channel" and closes the connection
    And host "mx-b" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
      | mx-b | 10       |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-b" receives the message unchanged
    And host "mx-a" saw no EHLO
    And the mail log shows, in order:
      """
      Connection Error: DCID {d1:dcid} domain: example.com IP: {mx-a.ip} port: {mx-a.port} details: 421 4.3.2 Service not available, closing transmission channel interface: {ifc:ip} reason: unexpected SMTP response
      Message done DCID {d2:dcid} MID {m:mid} to RID [0]
      """

  @FO-9 @FO-4 @documented
  Scenario: A 421 to EHLO: the connection closes, it counts as a 4xx to EHLO, the next host gets the message
    Given host "mx-a" answers EHLO with "421 4.3.2 Service not available, closing transmission channel" and closes the connection
    And host "mx-b" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
      | mx-b | 10       |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-b" receives the message unchanged
    And host "mx-a" saw no HELO
    And the mail log shows, in order:
      """
      Connection Error: DCID {d1:dcid} domain: example.com IP: {mx-a.ip} port: {mx-a.port} details: 421 4.3.2 Service not available, closing transmission channel interface: {ifc:ip} reason: unexpected SMTP response
      Message done DCID {d2:dcid} MID {m:mid} to RID [0]
      """

  @FO-9 @FO-5 @documented
  Scenario: A 421 to MAIL FROM: the connection closes, the recipients are delayed, the next host gets the message
    Given host "mx-a" answers MAIL FROM with "421 4.3.2 Service not available, closing transmission channel" and closes the connection
    And host "mx-b" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
      | mx-b | 10       |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-b" receives the message unchanged
    And host "mx-a" received no message
    And the mail log shows, in order:
      """
      Delivery start DCID {d1:dcid} MID {m:mid} to RID [0]
      Delayed: DCID {d1} MID {m} From: <alice@sender.example> To: <bob@example.com> RID 0 - 4.3.2 - Not accepting messages at this time ('421', ['4.3.2 Service not available, closing transmission channel'])
      Message done DCID {d2:dcid} MID {m} to RID [0]
      """

  @FO-9 @FO-6 @documented
  Scenario: A 421 to RCPT TO: the connection closes, every recipient not yet accepted is delayed, the next host gets them
    Given host "mx-a" answers RCPT TO with "421 4.3.2 Service not available, closing transmission channel" and closes the connection
    And host "mx-b" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
      | mx-b | 10       |
    When a message from "alice@sender.example" to "bob@example.com, carol@example.com" is submitted
    Then host "mx-b" receives the message unchanged for "bob@example.com, carol@example.com"
    And host "mx-a" received no message
    And the mail log shows, in order:
      """
      Delivery start DCID {d1:dcid} MID {m:mid} to RID [0, 1]
      Delayed: DCID {d1} MID {m} From: <alice@sender.example> To: <bob@example.com> RID 0 - 4.3.2 - Not accepting messages at this time ('421', ['4.3.2 Service not available, closing transmission channel'])
      Delayed: DCID {d1} MID {m} From: <alice@sender.example> To: <carol@example.com> RID 1 - {status:any}
      Message done DCID {d2:dcid} MID {m} to RID [0, 1]
      """

  @FO-9 @FO-7 @documented
  Scenario: A 421 to DATA: the connection closes, the recipients are delayed, the next host gets the message
    Given host "mx-a" answers DATA with "421 4.3.2 Service not available, closing transmission channel" and closes the connection
    And host "mx-b" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
      | mx-b | 10       |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-b" receives the message unchanged
    And the mail log shows, in order:
      """
      Delivery start DCID {d1:dcid} MID {m:mid} to RID [0]
      Delayed: DCID {d1} MID {m} From: <alice@sender.example> To: <bob@example.com> RID 0 - 4.3.2 - Not accepting messages at this time ('421', ['4.3.2 Service not available, closing transmission channel'])
      Message done DCID {d2:dcid} MID {m} to RID [0]
      """

  @FO-9 @FO-7 @documented
  Scenario: A 421 to the end of data: the connection closes, the recipients are delayed, the next host gets the message
    Given host "mx-a" answers end of data with "421 4.3.2 Service not available, closing transmission channel" and closes the connection
    And host "mx-b" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
      | mx-b | 10       |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-b" receives the message unchanged
    And host "mx-a" received no message
    And the mail log shows, in order:
      """
      Delivery start DCID {d1:dcid} MID {m:mid} to RID [0]
      Delayed: DCID {d1} MID {m} From: <alice@sender.example> To: <bob@example.com> RID 0 - 4.3.2 - Not accepting messages at this time ('421', ['4.3.2 Service not available, closing transmission channel'])
      Message done DCID {d2:dcid} MID {m} to RID [0]
      """

  # ---- FO-10: 5xx to RCPT TO ----

  @FO-10 @documented
  Scenario: A 5xx to one RCPT TO bounces that recipient only, without failover; the others are delivered
    Given host "mx-a" answers RCPT TO for "carol@example.com" with "550 5.1.1 User unknown"
    And host "mx-b" accepts all mail
    And host "mx-s" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
      | mx-b | 10       |
    And the route "sender.example" goes to:
      | host | priority |
      | mx-s | 0        |
    When a message from "alice@sender.example" to "bob@example.com, carol@example.com" is submitted
    Then host "mx-a" receives the message unchanged for "bob@example.com"
    And host "mx-s" receives a delivery status notification for "carol@example.com"
    And host "mx-b" saw no MAIL FROM
    And the mail log shows, in order:
      """
      Delivery start DCID {d1:dcid} MID {m:mid} to RID [0, 1]
      Bounced: DCID {d1} MID {m} From: <alice@sender.example> To: <carol@example.com> RID 1 - 5.1.1 - {phrase:any} ('550', ['5.1.1 User unknown'])
      Message done DCID {d1} MID {m} to RID [0]
      Message finished MID {m} done
      """

  # ---- FO-11: 5xx to MAIL FROM, DATA, end of data ----

  @FO-11 @documented
  Scenario: A 5xx to MAIL FROM bounces every recipient of the transaction, without failover
    Given host "mx-a" answers MAIL FROM with "550 5.7.1 Sender rejected"
    And host "mx-b" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
      | mx-b | 10       |
    When a message from "alice@sender.example" to "bob@example.com, carol@example.com" is submitted
    Then the mail log shows, in order:
      """
      Delivery start DCID {d1:dcid} MID {m:mid} to RID [0, 1]
      Bounced: DCID {d1} MID {m} From: <alice@sender.example> To: <bob@example.com> RID 0 - 5.7.1 - {phrase:any} ('550', ['5.7.1 Sender rejected'])
      Bounced: DCID {d1} MID {m} From: <alice@sender.example> To: <carol@example.com> RID 1 - 5.7.1 - {phrase:any} ('550', ['5.7.1 Sender rejected'])
      Message finished MID {m} done
      """
    And host "mx-b" saw no MAIL FROM

  @FO-11 @documented
  Scenario: A 5xx to DATA bounces every recipient of the transaction, without failover
    Given host "mx-a" answers DATA with "554 5.3.4 Message too big for system"
    And host "mx-b" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
      | mx-b | 10       |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then the mail log shows, in order:
      """
      Delivery start DCID {d1:dcid} MID {m:mid} to RID [0]
      Bounced: DCID {d1} MID {m} From: <alice@sender.example> To: <bob@example.com> RID 0 - 5.3.4 - {phrase:any} ('554', ['5.3.4 Message too big for system'])
      Message finished MID {m} done
      """
    And host "mx-b" saw no MAIL FROM

  @FO-11 @documented
  Scenario: A 5xx to the end of data bounces every recipient of the transaction, without failover
    Given host "mx-a" answers end of data with "554 5.7.1 Message rejected as spam"
    And host "mx-b" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
      | mx-b | 10       |
    When a message from "alice@sender.example" to "bob@example.com, carol@example.com" is submitted
    Then the mail log shows, in order:
      """
      Delivery start DCID {d1:dcid} MID {m:mid} to RID [0, 1]
      Bounced: DCID {d1} MID {m} From: <alice@sender.example> To: <bob@example.com> RID 0 - 5.7.1 - {phrase:any} ('554', ['5.7.1 Message rejected as spam'])
      Bounced: DCID {d1} MID {m} From: <alice@sender.example> To: <carol@example.com> RID 1 - 5.7.1 - {phrase:any} ('554', ['5.7.1 Message rejected as spam'])
      Message finished MID {m} done
      """
    And host "mx-b" saw no MAIL FROM
    And host "mx-a" received no message

  # ---- FO-12: 5xx greeting, 5xx to EHLO and HELO ----

  @FO-12 @reference-defined
  Scenario: A 5xx greeting is a host failure; the next host gets the message
    Given host "mx-a" greets with "554 5.3.2 No SMTP service here"
    And host "mx-b" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
      | mx-b | 10       |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-b" receives the message unchanged
    And the mail log shows, in order:
      """
      Connection Error: DCID {d1:dcid} domain: example.com IP: {mx-a.ip} port: {mx-a.port} details: 554 5.3.2 No SMTP service here interface: {ifc:ip} reason: unexpected SMTP response
      Message done DCID {d2:dcid} MID {m:mid} to RID [0]
      """
    And the mail log has no line like "Bounced: {any:any}"

  @FO-12 @reference-defined
  Scenario: A 5xx to both EHLO and HELO is a host failure; the next host gets the message
    Given host "mx-a" answers EHLO with "500 5.5.1 Command unrecognized"
    And host "mx-a" answers HELO with "550 5.7.1 Go away"
    And host "mx-b" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
      | mx-b | 10       |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-b" receives the message unchanged
    And the mail log shows, in order:
      """
      Connection Error: DCID {d1:dcid} domain: example.com IP: {mx-a.ip} port: {mx-a.port} details: 550 5.7.1 Go away interface: {ifc:ip} reason: unexpected SMTP response
      Message done DCID {d2:dcid} MID {m:mid} to RID [0]
      """
    And the mail log has no line like "Bounced: {any:any}"

  # ---- FO-13: TLS required ----

  @FO-13 @CONN-3 @documented
  Scenario: TLS required but STARTTLS not offered: the host is skipped with the TLS line; the next host gets the message
    Given host "mx-a" does not offer STARTTLS
    And host "mx-b" offers STARTTLS
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
      | mx-b | 10       |
    And the route "example.com" requires TLS
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-b" receives the message unchanged
    And host "mx-a" saw no MAIL FROM
    And the mail log shows, in order:
      """
      New SMTP DCID {d1:dcid} interface {local:ip} address {mx-a.ip} port {mx-a.port}
      DCID {d1} IP {mx-a.ip} TLS was required but could not be successfully negotiated
      New SMTP DCID {d2:dcid} interface {local} address {mx-b.ip} port {mx-b.port}
      DCID {d2} TLS success protocol {protocol} cipher {cipher}
      Message done DCID {d2} MID {m:mid} to RID [0]
      """

  @FO-13 @documented
  Scenario: TLS required but STARTTLS refused: the host is skipped with the TLS line; the next host gets the message
    Given host "mx-a" offers STARTTLS
    And host "mx-a" answers STARTTLS with "454 4.7.0 TLS not available due to temporary reason"
    And host "mx-b" offers STARTTLS
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
      | mx-b | 10       |
    And the route "example.com" requires TLS
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-b" receives the message unchanged
    And host "mx-a" saw no MAIL FROM
    And the mail log shows, in order:
      """
      New SMTP DCID {d1:dcid} interface {local:ip} address {mx-a.ip} port {mx-a.port}
      DCID {d1} IP {mx-a.ip} TLS was required but could not be successfully negotiated
      Message done DCID {d2:dcid} MID {m:mid} to RID [0]
      """
