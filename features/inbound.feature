Feature: The inbound listener
  The relay receives mail over SMTP, accepts only recipients of routed domains, and keeps to RFC 5321's
  limits (ESA-PROFILE section 7).

  @IN-1 @documented
  Scenario: Receiving a message logs the ICID and MID lines in their order
    Given host "mx-a" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    When a message from "alice@sender.example" to "bob@example.com, carol@example.com" is submitted
    Then the mail log shows, in order:
      """
      New SMTP ICID {i:icid} interface {ifname} ({ifaddr:ip}) address {peer:ip} reverse dns host {rdns} verified {verified}
      ICID {i} ACCEPT SG None match ALL SBRS not enabled country not enabled
      Start MID {m:mid} ICID {i}
      MID {m} ICID {i} From: <alice@sender.example>
      MID {m} ICID {i} RID 0 To: <bob@example.com>
      MID {m} ICID {i} RID 1 To: <carol@example.com>
      MID {m} Message-ID '{msgid:any}'
      MID {m} Subject 'Conformance check'
      MID {m} ready {size:int} bytes from <alice@sender.example>
      MID {m} queued for delivery
      """
    And the mail log has 1 line like "ICID {i} close"

  @IN-1 @documented
  Scenario: IDs count up: two messages on two connections get new ICIDs and MIDs
    Given host "mx-a" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    When 2 messages from "alice@sender.example" to "bob@example.com" are submitted one at a time
    Then the mail log shows, in order:
      """
      Start MID 1 ICID 1
      Start MID 2 ICID 2
      """

  @IN-2 @documented
  Scenario: A recipient of a domain without a route is rejected by the RAT; the others are accepted
    Given host "mx-a" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    When a message from "alice@sender.example" to "bob@example.com, mallory@elsewhere.test" is offered
    Then the relay rejected the recipient "mallory@elsewhere.test" with 550
    And host "mx-a" receives a message from "alice@sender.example" to "bob@example.com"
    And the mail log shows, in order:
      """
      MID {m:mid} ICID {i:icid} RID 0 To: <bob@example.com>
      MID {m} ICID {i} To: <mallory@elsewhere.test> Rejected by RAT
      """

  @IN-2 @documented
  Scenario: The relay is never an open relay: source routes and percent hacks are rejected
    Given host "mx-a" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    When a client sends the relay:
      """
      EHLO client.example
      MAIL FROM:<alice@sender.example>
      RCPT TO:<mallory%elsewhere.test@example.com>
      RCPT TO:<@example.com:mallory@elsewhere.test>
      RCPT TO:<mallory@elsewhere.test>
      RCPT TO:<mallory@example.com.elsewhere.test>
      QUIT
      """
    Then the relay answered "RCPT TO:<mallory%elsewhere.test@example.com>" with 550
    And the relay answered "RCPT TO:<@example.com:mallory@elsewhere.test>" with 550
    And the relay answered "RCPT TO:<mallory@elsewhere.test>" with 550
    And the relay answered "RCPT TO:<mallory@example.com.elsewhere.test>" with 550
    And host "mx-a" saw 0 connections

  @IN-3 @documented
  Scenario: A command line over 512 octets gets 500, and the session goes on
    Given the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    When a client sends the relay:
      """
      EHLO client.example
      NOOP {pad:600}
      NOOP {pad:400}
      QUIT
      """
    Then the relay answered "NOOP {pad:600}" with 500
    And the relay answered "NOOP {pad:400}" with 250
    And the relay still accepts a message from "alice@sender.example" to "bob@example.com"

  @IN-3 @documented
  Scenario: A text line over 1,000 octets in the message gets a 5xx at the end of data, never a crash
    Given the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    When a client sends the relay:
      """
      EHLO client.example
      MAIL FROM:<alice@sender.example>
      RCPT TO:<bob@example.com>
      DATA
      Subject: long line

      {pad:1200}
      .
      QUIT
      """
    Then the relay answered "DATA" with 354
    And the relay answered the end of data with 500
    And the relay answered "QUIT" with 221
    And the relay still accepts a message from "alice@sender.example" to "bob@example.com"

  @IN-3 @documented
  Scenario: A message over the configured size limit is refused with 552
    Given the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    And the relay accepts messages of at most 2000 bytes
    When a client sends the relay:
      """
      EHLO client.example
      MAIL FROM:<alice@sender.example> SIZE=5000
      MAIL FROM:<alice@sender.example>
      RCPT TO:<bob@example.com>
      DATA
      Subject: too big

      {pad:900}
      {pad:900}
      {pad:900}
      .
      QUIT
      """
    Then the relay answered "MAIL FROM:<alice@sender.example> SIZE=5000" with 552
    And the relay answered the end of data with 552
    And the relay answered "QUIT" with 221
    And the relay still accepts a message from "alice@sender.example" to "bob@example.com"

  @IN-3 @documented
  Scenario: The 101st recipient of a message gets 452; the first hundred are accepted
    Given host "mx-a" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    When a message from "alice@sender.example" to 101 recipients at "example.com" is offered
    Then the relay accepted 100 recipients
    And the relay answered RCPT TO number 101 with 452
    And the relay accepted the message
