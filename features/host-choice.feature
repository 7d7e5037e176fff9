Feature: Choosing a host
  An ESA tries a route's hosts by priority, the lowest number first, and rotates among hosts of equal priority
  per SMTP connection (ESA-PROFILE section 2). An open connection carries further messages for its host, so
  rotation shows across connections.

  # TN117875: "Destinations with identical priorities are treated in a 'round-robin' fashion". Each host closes
  # the connection after every message, so every message needs a new connection.
  @SEL-2 @documented
  Scenario: TN117875 equal-priority rotation: successive connections start at the next host of the tier
    Given host "mx-a" closes the connection after each message
    And host "mx-b" closes the connection after each message
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 5        |
      | mx-b | 5        |
    When 4 messages from "alice@sender.example" to "bob@example.com" are submitted one at a time
    Then host "mx-a" received 2 messages
    And host "mx-b" received 2 messages
    And host "mx-a" saw 2 connections
    And host "mx-b" saw 2 connections

  @SEL-2 @documented
  Scenario: Rotation is per connection, not per message: three equal hosts share six connections evenly
    Given host "mx-a" closes the connection after each message
    And host "mx-b" closes the connection after each message
    And host "mx-c" closes the connection after each message
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
      | mx-b | 0        |
      | mx-c | 0        |
    When 6 messages from "alice@sender.example" to "bob@example.com" are submitted one at a time
    Then host "mx-a" received 2 messages
    And host "mx-b" received 2 messages
    And host "mx-c" received 2 messages

  @SEL-1 @documented
  Scenario: While the primary answers, the backups get nothing
    Given host "mx-a" accepts all mail
    And host "mx-b" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
      | mx-b | 10       |
    When 3 messages from "alice@sender.example" to "bob@example.com" are submitted
    Then host "mx-a" received 3 messages
    And host "mx-b" saw 0 connections

  @SEL-1 @SEL-3 @documented
  Scenario: A backup is used only when every host with a lower number failed, in priority order
    Given host "mx-a" greets with "452 4.3.1 Mail system full"
    And host "mx-b" greets with "452 4.3.1 Mail system full"
    And host "mx-c" accepts all mail
    And host "mx-d" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-d | 30       |
      | mx-c | 20       |
      | mx-b | 10       |
      | mx-a | 0        |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-c" receives the message unchanged
    And host "mx-d" saw 0 connections
    And the mail log shows, in order:
      """
      New SMTP DCID {d1:dcid} interface {local:ip} address {mx-a.ip} port {mx-a.port}
      New SMTP DCID {d2:dcid} interface {local} address {mx-b.ip} port {mx-b.port}
      New SMTP DCID {d3:dcid} interface {local} address {mx-c.ip} port {mx-c.port}
      Message done DCID {d3} MID {m:mid} to RID [0]
      """

  @SEL-1 @SEL-2 @documented
  Scenario: Within the primary tier the hosts rotate; the backup stays unused
    Given host "mx-a" closes the connection after each message
    And host "mx-b" closes the connection after each message
    And host "mx-c" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
      | mx-b | 0        |
      | mx-c | 10       |
    When 4 messages from "alice@sender.example" to "bob@example.com" are submitted one at a time
    Then host "mx-a" received 2 messages
    And host "mx-b" received 2 messages
    And host "mx-c" saw 0 connections

  @SEL-3 @documented
  Scenario: Failover happens at once, in the same delivery attempt: no hold, no retry, no time passes
    Given host "mx-a" answers MAIL FROM with "451 4.3.2 Not accepting messages at this time"
    And host "mx-b" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
      | mx-b | 10       |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-b" receives the message unchanged
    And the mail log shows, in order:
      """
      {t:ctime} Info: Delayed: DCID {d1:dcid} MID {m:mid} From: <alice@sender.example> To: <bob@example.com> RID 0 - 4.3.2 - Not accepting messages at this time ('451', ['4.3.2 Not accepting messages at this time'])
      {t} Info: Message done DCID {d2:dcid} MID {m} to RID [0]
      Message finished MID {m} done
      """
    And the mail log has no line like "MID {m} to RID [0] pending till {when:ctime}"
    And the relay's queue is empty

  @SEL-4 @Q-1 @documented
  Scenario: Every host of every priority deferring: the message is held for a retry, not sent anywhere else
    Given host "mx-a" answers RCPT TO with "452 4.3.1 Insufficient system storage"
    And host "mx-b" answers MAIL FROM with "451 4.3.2 Not accepting messages at this time"
    And host "mx-c" refuses connections
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
      | mx-b | 10       |
      | mx-c | 20       |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then the mail log shows, in order:
      """
      Delayed: DCID {d1:dcid} MID {m:mid} From: <alice@sender.example> To: <bob@example.com> RID 0 - 4.3.1 - Mail system full ('452', ['4.3.1 Insufficient system storage'])
      Delayed: DCID {d2:dcid} MID {m} From: <alice@sender.example> To: <bob@example.com> RID 0 - 4.3.2 - Not accepting messages at this time ('451', ['4.3.2 Not accepting messages at this time'])
      Connection Error: DCID {d3:dcid} domain: example.com IP: {mx-c.ip} port: {mx-c.port} details: {details:any} interface: {ifc:ip} reason: network error
      MID {m} to RID [0] pending till {when:ctime}
      """
    And the relay holds 1 message in its queue
    And the mail log has no line like "Message finished MID {m} done"

  @SEL-4 @documented
  Scenario: When every host of the route failed, the relay does not fall back to the domain's MX records
    Given host "mx-a" greets with "452 4.3.1 Mail system full"
    And host "mx-dns" accepts all mail
    And hosts found by MX lookup listen on the port of host "mx-dns"
    And the DNS has:
      | name            | type | value             |
      | example.com     | MX   | 10 mx.example.com |
      | mx.example.com  | A    | {mx-dns.ip}       |
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then the mail log shows, in order:
      """
      Connection Error: DCID {d1:dcid} domain: example.com IP: {mx-a.ip} port: {mx-a.port} details: 452 4.3.1 Mail system full interface: {ifc:ip} reason: unexpected SMTP response
      MID {m:mid} to RID [0] pending till {when:ctime}
      """
    And the relay holds 1 message in its queue
    And the DNS was not asked for the MX records of "example.com"
    And host "mx-dns" saw 0 connections

  # Two A records for one destination name: two hosts of its tier, in the resolver's order. They share the
  # port the route names, on two loopback addresses.
  @SEL-5 @reference-defined
  Scenario: Every address of a hostname destination is a host of its tier, in the resolver's order
    Given host "mx-a" greets with "452 4.3.1 Mail system full"
    And host "mx-b" listens on the port of host "mx-a"
    And host "mx-b" accepts all mail
    And the DNS has:
      | name           | type | value    |
      | mx.example.com | A    | {mx-a.ip} |
      | mx.example.com | A    | {mx-b.ip} |
    And the route "example.com" goes to:
      | destination    | priority | port        |
      | mx.example.com | 0        | {mx-a.port} |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-b" receives the message unchanged
    And the mail log shows, in order:
      """
      New SMTP DCID {d1:dcid} interface {local:ip} address {mx-a.ip} port {mx-a.port}
      Connection Error: DCID {d1} domain: example.com IP: {mx-a.ip} port: {mx-a.port} details: 452 4.3.1 Mail system full interface: {ifc:ip} reason: unexpected SMTP response
      New SMTP DCID {d2:dcid} interface {local} address {mx-b.ip} port {mx-a.port}
      Message done DCID {d2} MID {m:mid} to RID [0]
      """

  @SEL-6 @reference-defined
  Scenario: A host that failed at the connection level is skipped for 60 s, then the primary is tried first again
    Given host "mx-a" refuses connections
    And host "mx-b" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
      | mx-b | 10       |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-b" received 1 message
    When a message from "alice@sender.example" to "carol@example.com" is submitted
    Then host "mx-b" received 2 messages
    And the mail log has 1 line like "Connection Error: DCID {d:dcid} domain: example.com IP: {mx-a.ip} port: {mx-a.port} details: {details:any} interface: {ifc:ip} reason: network error"
    When host "mx-a" comes back
    And 61 seconds pass
    And a message from "alice@sender.example" to "dave@example.com" is submitted
    Then host "mx-a" receives the message unchanged
    And host "mx-b" received 2 messages
