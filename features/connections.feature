Feature: Connections and destination controls
  An ESA reuses an open connection for further messages to the same host, limits its connections, speaks TLS
  and SMTP AUTH per destination, and keeps to RFC 5321's limits (ESA-PROFILE section 6).

  @CONN-1 @documented
  Scenario: One connection carries several messages for the same host
    Given host "mx-a" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    When 3 messages from "alice@sender.example" to "bob@example.com" are submitted one at a time
    Then host "mx-a" received 3 messages
    And host "mx-a" received the messages on 1 connection
    And the mail log shows, in order:
      """
      Delivery start DCID {d:dcid} MID {m1:mid} to RID [0]
      Delivery start DCID {d} MID {m2:mid} to RID [0]
      Delivery start DCID {d} MID {m3:mid} to RID [0]
      """

  @CONN-1 @reference-defined
  Scenario: A connection carries at most 50 messages, then a new one opens
    Given host "mx-a" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    When 51 messages from "alice@sender.example" to "bob@example.com" are submitted one at a time
    Then host "mx-a" received 51 messages
    And host "mx-a" received the messages on 2 connections

  @CONN-2 @documented
  Scenario: Connections to one destination domain are limited
    Given host "mx-a" answers end of data after 1 second
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    And the relay opens at most 2 connections at once to a domain
    When 6 messages from "alice@sender.example" to "bob@example.com" are submitted
    Then host "mx-a" received 6 messages
    And host "mx-a" never had more than 2 connections open at once

  @CONN-3 @documented
  Scenario: TLS preferred: STARTTLS when offered, and the log says so
    Given host "mx-a" offers STARTTLS
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    And the route "example.com" prefers TLS
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-a" receives the message unchanged
    And host "mx-a" saw STARTTLS
    And the mail log shows, in order:
      """
      New SMTP DCID {d:dcid} interface {local:ip} address {mx-a.ip} port {mx-a.port}
      DCID {d} TLS success protocol {protocol} cipher {cipher}
      Message done DCID {d} MID {m:mid} to RID [0]
      """

  @CONN-3 @documented
  Scenario: TLS preferred falls back to plain text when STARTTLS is not offered
    Given host "mx-a" does not offer STARTTLS
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    And the route "example.com" prefers TLS
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-a" receives the message unchanged
    And host "mx-a" saw no STARTTLS

  @CONN-3 @documented
  Scenario: TLS preferred falls back to plain text when STARTTLS fails
    Given host "mx-a" offers STARTTLS
    And host "mx-a" answers STARTTLS with "454 4.7.0 TLS not available due to temporary reason"
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    And the route "example.com" prefers TLS
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-a" receives the message unchanged
    And the mail log shows, in order:
      """
      DCID {d:dcid} TLS failed: STARTTLS unexpected response
      Message done DCID {d2:dcid} MID {m:mid} to RID [0]
      """

  @CONN-3 @documented
  Scenario: TLS off (No): the relay does not start TLS even when it is offered
    Given host "mx-a" offers STARTTLS
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-a" receives the message unchanged
    And host "mx-a" saw no STARTTLS

  @CONN-4 @documented
  Scenario: A route's SMTP AUTH login goes to its hosts over TLS
    Given host "mx-a" offers STARTTLS
    And host "mx-a" offers AUTH PLAIN
    And host "mx-a" accepts the login "relay" with password "s3cret"
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    And the route "example.com" requires TLS
    And the route "example.com" logs in as "relay" with password "s3cret"
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-a" receives the message unchanged
    And host "mx-a" saw STARTTLS
    And host "mx-a" saw AUTH

  @CONN-4 @documented
  Scenario: SMTP AUTH credentials never go in plain text, nor to another route's hosts
    Given host "mx-a" offers AUTH PLAIN
    And host "mx-a" does not offer STARTTLS
    And host "mx-b" offers STARTTLS
    And host "mx-b" offers AUTH PLAIN
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    And the route "example.com" prefers TLS
    And the route "example.com" logs in as "relay" with password "s3cret"
    And the route "example.org" goes to:
      | host | priority |
      | mx-b | 0        |
    And the route "example.org" prefers TLS
    When a message from "alice@sender.example" to "bob@example.com, carol@example.org" is submitted
    Then host "mx-b" receives the message unchanged for "carol@example.org"
    And host "mx-a" saw no AUTH
    And host "mx-b" saw no AUTH

  @CONN-5 @documented
  Scenario: At most 100 recipients a transaction: more are split over several transactions
    Given host "mx-a" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    And the relay accepts at most 150 recipients a message
    When a message from "alice@sender.example" to 150 recipients at "example.com" is offered
    Then the relay accepted 150 recipients
    And host "mx-a" received 2 messages
    And host "mx-a" received a message for 100 recipients
    And host "mx-a" received a message for 50 recipients

  @CONN-5 @FO-3 @reference-defined
  Scenario: A client timeout per stage: a host that stops answering MAIL FROM is given up on, and the next host gets the message
    Given host "mx-a" never replies to MAIL FROM
    And the relay waits at most 3 seconds for the reply to a command
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
