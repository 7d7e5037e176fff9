Feature: Queue and retry by the bounce profile
  When every host defers, an ESA holds the message and retries it by the bounce profile; a message that can
  never be delivered is bounced with a delivery status notification to its sender (ESA-PROFILE section 4).
  Time is virtual for the reference engine: "60 seconds pass" takes no real time.

  # TN117875: "If all configured destination hosts do not respond, or all the hosts respond with 4.x.x
  # responses, then ESA holds the mail in queue and attempts the delivery later."
  @Q-1 @SEL-4 @documented
  Scenario: TN117875 all hosts deferring: the message is held
    Given host "mx-a" greets with:
      """
      452-example.com ESMTP
      452 4.3.1 Mail system full
      """
    And host "mx-b" greets with "452 4.3.1 Mail system full"
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
      | mx-b | 10       |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then the mail log shows, in order:
      """
      Connection Error: DCID {d1:dcid} domain: example.com IP: {mx-a.ip} port: {mx-a.port} details: 452-example.com ESMTP\n452 4.3.1 Mail system full interface: {ifc:ip} reason: unexpected SMTP response
      Connection Error: DCID {d2:dcid} domain: example.com IP: {mx-b.ip} port: {mx-b.port} details: 452 4.3.1 Mail system full interface: {ifc} reason: unexpected SMTP response
      {t0:ctime} Info: MID {m:mid} to RID [0] pending till {t0+60s}
      """
    And the relay holds 1 message in its queue
    And host "mx-a" received no message
    And host "mx-b" received no message
    And the mail log has no line like "Message finished MID {m} done"

  @Q-1 @Q-7 @documented
  Scenario: A held message is tried again when its retry is due, and delivered once a host answers
    Given host "mx-a" greets 1 time with "452 4.3.1 Mail system full"
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then the mail log shows, in order:
      """
      {t0:ctime} Info: MID {m:mid} to RID [0] pending till {t0+60s}
      """
    When 60 seconds pass
    Then host "mx-a" receives the message unchanged
    And the mail log shows, in order:
      """
      {t0+60s} Info: New SMTP DCID {d2:dcid} interface {local:ip} address {mx-a.ip} port {mx-a.port}
      Message done DCID {d2} MID {m} to RID [0]
      Message finished MID {m} done
      """
    And the relay's queue is empty

  @Q-7 @documented
  Scenario: A host that was down is used for queued messages at their next retry once it is back
    Given host "mx-a" refuses connections
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then the mail log shows, in order:
      """
      {t0:ctime} Info: MID {m:mid} to RID [0] pending till {t0+60s}
      """
    When host "mx-a" comes back
    And 60 seconds pass
    Then host "mx-a" receives the message unchanged
    And the mail log shows, in order:
      """
      Message finished MID {m} done
      """
    And the relay's queue is empty

  @Q-2 @reference-defined
  Scenario: The wait before retry k doubles from the initial wait: 60, 120, 240 seconds
    Given host "mx-a" greets with "452 4.3.1 Mail system full"
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then the mail log shows, in order:
      """
      {t0:ctime} Info: MID {m:mid} to RID [0] pending till {t0+60s}
      """
    When 60 seconds pass
    Then the mail log shows, in order:
      """
      {t0+60s} Info: MID {m} to RID [0] pending till {t0+180s}
      """
    When 120 seconds pass
    Then the mail log shows, in order:
      """
      {t0+180s} Info: MID {m} to RID [0] pending till {t0+420s}
      """
    And host "mx-a" saw 3 connections

  @Q-2 @reference-defined
  Scenario: The wait before retry never exceeds the maximum wait
    Given host "mx-a" greets with "452 4.3.1 Mail system full"
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    And the bounce profile:
      | initial wait | 60 s  |
      | maximum wait | 100 s |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then the mail log shows, in order:
      """
      {t0:ctime} Info: MID {m:mid} to RID [0] pending till {t0+60s}
      """
    When 60 seconds pass
    Then the mail log shows, in order:
      """
      {t0+60s} Info: MID {m} to RID [0] pending till {t0+160s}
      """
    When 100 seconds pass
    Then the mail log shows, in order:
      """
      {t0+160s} Info: MID {m} to RID [0] pending till {t0+260s}
      """

  # The User Guide's worked example: maximum retries 2, initial and maximum wait 60 s.
  @Q-3 @documented
  Scenario: Max retries 2: attempts at 0, 60 and 120 s, and the hard bounce right after the third
    Given host "mx-a" greets with "452 4.3.1 Mail system full"
    And host "mx-s" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    And the route "sender.example" goes to:
      | host | priority |
      | mx-s | 0        |
    And the bounce profile:
      | maximum retries | 2    |
      | initial wait    | 60 s |
      | maximum wait    | 60 s |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then the mail log shows, in order:
      """
      {t0:ctime} Info: New SMTP DCID {d1:dcid} interface {local:ip} address {mx-a.ip} port {mx-a.port}
      {t0} Info: MID {m:mid} to RID [0] pending till {t0+60s}
      """
    When 60 seconds pass
    Then the mail log shows, in order:
      """
      {t0+60s} Info: New SMTP DCID {d2:dcid} interface {local} address {mx-a.ip} port {mx-a.port}
      {t0+60s} Info: MID {m} to RID [0] pending till {t0+120s}
      """
    When 60 seconds pass
    Then the mail log shows, in order:
      """
      {t0+120s} Info: New SMTP DCID {d3:dcid} interface {local} address {mx-a.ip} port {mx-a.port}
      {t0+120s} Info: Connection Error: DCID {d3} domain: example.com IP: {mx-a.ip} port: {mx-a.port} details: 452 4.3.1 Mail system full interface: {ifc:ip} reason: unexpected SMTP response
      {t0+120s} Info: Bounced: DCID {dx:int} MID {m} From: <alice@sender.example> To: <bob@example.com> RID 0 - {status:any}
      Message finished MID {m} done
      """
    And host "mx-s" receives a delivery status notification for "bob@example.com"
    And host "mx-a" saw 3 connections
    And the mail log has 2 lines like "MID {m} to RID [0] pending till {when:ctime}"

  # The User Guide's worked example: maximum time in queue 100 s.
  @Q-4 @Q-5 @LOG-2 @documented
  Scenario: Max time in queue 100 s: the message bounces just before the attempt due at 120 s, without it
    Given host "mx-a" greets with "452 4.3.1 Mail system full"
    And host "mx-s" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    And the route "sender.example" goes to:
      | host | priority |
      | mx-s | 0        |
    And the bounce profile:
      | maximum time in queue | 100 s |
      | initial wait          | 60 s  |
      | maximum wait          | 60 s  |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then the mail log shows, in order:
      """
      {t0:ctime} Info: MID {m:mid} to RID [0] pending till {t0+60s}
      """
    When 60 seconds pass
    Then the mail log shows, in order:
      """
      {t0+60s} Info: MID {m} to RID [0] pending till {t0+120s}
      """
    When 60 seconds pass
    Then the mail log shows, in order:
      """
      {t0+120s} Info: Bounced: DCID 0 MID {m} From: <alice@sender.example> To: <bob@example.com> RID 0 - 5.4.7 - Delivery expired (message too old) ('000', ['timeout'])
      Message finished MID {m} done
      """
    And host "mx-a" saw 2 connections
    And host "mx-s" receives a delivery status notification for "bob@example.com"

  @Q-5 @Q-6 @documented
  Scenario: An expired message is hard-bounced with DCID 0 and 5.4.7, and its sender gets a notification
    Given host "mx-a" refuses connections
    And host "mx-s" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    And the route "sender.example" goes to:
      | host | priority |
      | mx-s | 0        |
    And the bounce profile:
      | maximum time in queue | 30 s |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then the mail log shows, in order:
      """
      MID {m:mid} to RID [0] pending till {when:ctime}
      """
    When 60 seconds pass
    Then the mail log shows, in order:
      """
      Bounced: DCID 0 MID {m} From: <alice@sender.example> To: <bob@example.com> RID 0 - 5.4.7 - Delivery expired (message too old) ('000', ['timeout'])
      MID {b:mid} was generated for bounce of MID {m}
      Message finished MID {m} done
      """
    And host "mx-s" receives a delivery status notification for "bob@example.com"
    And the notification holds the original message
    And the relay's queue is empty

  @Q-6 @FO-10 @documented
  Scenario: One notification per bounced message, however many of its recipients bounced
    Given host "mx-a" answers RCPT TO with "550 5.1.1 User unknown"
    And host "mx-s" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    And the route "sender.example" goes to:
      | host | priority |
      | mx-s | 0        |
    When a message from "alice@sender.example" to "bob@example.com, carol@example.com" is submitted
    Then host "mx-s" receives a delivery status notification for "bob@example.com"
    And host "mx-s" receives a delivery status notification for "carol@example.com"
    And host "mx-s" received 1 delivery status notification
    And the notification holds the original message
    And the mail log shows, in order:
      """
      Bounced: DCID {d1:dcid} MID {m:mid} From: <alice@sender.example> To: <bob@example.com> RID 0 - 5.1.1 - {phrase:any} ('550', ['5.1.1 User unknown'])
      Bounced: DCID {d1} MID {m} From: <alice@sender.example> To: <carol@example.com> RID 1 - 5.1.1 - {phrase:any} ('550', ['5.1.1 User unknown'])
      MID {b:mid} was generated for bounce of MID {m}
      Message finished MID {m} done
      """

  @Q-6 @documented
  Scenario: A notification about a message of 10 KiB or more holds only the original's headers
    Given host "mx-a" answers RCPT TO with "550 5.1.1 User unknown"
    And host "mx-s" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    And the route "sender.example" goes to:
      | host | priority |
      | mx-s | 0        |
    When a message of 20000 bytes from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-s" receives a delivery status notification for "bob@example.com"
    And the notification holds only the original's headers

  @Q-6 @documented
  Scenario: No notification for a message from the null sender
    Given host "mx-a" answers RCPT TO with "550 5.1.1 User unknown"
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    When a message from "" to "bob@example.com" is submitted
    Then the mail log shows, in order:
      """
      Bounced: DCID {d1:dcid} MID {m:mid} From: <> To: <bob@example.com> RID 0 - 5.1.1 - {phrase:any} ('550', ['5.1.1 User unknown'])
      Message finished MID {m} done
      """
    And the mail log has no line like "MID {b:mid} was generated for bounce of MID {m}"
    And the relay's queue is empty

  @Q-8 @reference-defined
  Scenario: A message acknowledged with 250 survives a crash and a restart, and is delivered afterwards
    Given host "mx-a" refuses connections
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then the mail log shows, in order:
      """
      MID {m:mid} to RID [0] pending till {when:ctime}
      """
    When the relay crashes and restarts
    And host "mx-a" comes back
    And 60 seconds pass
    Then host "mx-a" receives the message unchanged
    And host "mx-a" received 1 message

  @Q-9 @documented
  Scenario: With delay warnings on, the sender is warned on the second attempt after a 4xx
    Given host "mx-a" answers RCPT TO with "452 4.3.1 Insufficient system storage"
    And host "mx-s" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    And the route "sender.example" goes to:
      | host | priority |
      | mx-s | 0        |
    And the bounce profile:
      | delay warnings | on |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then the mail log shows, in order:
      """
      MID {m:mid} to RID [0] pending till {when:ctime}
      """
    And host "mx-s" received no message
    When 60 seconds pass
    Then host "mx-s" receives a delay warning for "bob@example.com"
    And the relay holds 1 message in its queue

  @Q-9 @documented
  Scenario: With delay warnings off (the default), no warning is sent
    Given host "mx-a" answers RCPT TO with "452 4.3.1 Insufficient system storage"
    And host "mx-s" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    And the route "sender.example" goes to:
      | host | priority |
      | mx-s | 0        |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then the mail log shows, in order:
      """
      MID {m:mid} to RID [0] pending till {when:ctime}
      """
    When 60 seconds pass
    Then the mail log shows, in order:
      """
      MID {m} to RID [0] pending till {when2:ctime}
      """
    And host "mx-s" received no message
