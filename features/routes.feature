Feature: SMTP routes
  A route maps a receiving domain to destination hosts, to DNS, or to nowhere (ESA-PROFILE section 1).

  @RT-1 @SEL-1 @documented
  Scenario: A route names IPv4 destinations with their ports and the priorities 0 and 65535
    Given host "mx-a" greets with "421 4.3.2 Service not available"
    And host "mx-b" accepts all mail
    And the route "example.com" goes to:
      | host | priority | port    |
      | mx-a | 0        | its own |
      | mx-b | 65535    | its own |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-b" receives the message unchanged
    And the mail log shows, in order:
      """
      New SMTP DCID {d1:dcid} interface {local:ip} address {mx-a.ip} port {mx-a.port}
      New SMTP DCID {d2:dcid} interface {local} address {mx-b.ip} port {mx-b.port}
      Message done DCID {d2} MID {m:mid} to RID [0]
      """

  @RT-1 @documented
  Scenario: A route names an IPv6 destination
    Given host "mx-6" listens on the IPv6 loopback
    And the route "example.com" goes to:
      | host | priority |
      | mx-6 | 0        |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-6" receives the message unchanged
    And the mail log shows, in order:
      """
      New SMTP DCID {d1:dcid} interface {local:ip} address {mx-6.ip} port {mx-6.port}
      Message done DCID {d1} MID {m:mid} to RID [0]
      """

  @RT-1 @documented
  Scenario: One route, several domains' worth of recipients: each recipient goes by its own domain's route
    Given host "mx-a" accepts all mail
    And host "mx-b" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    And the route "example.org" goes to:
      | host | priority |
      | mx-b | 0        |
    When a message from "alice@sender.example" to "bob@example.com, carol@example.org" is submitted
    Then host "mx-a" receives the message unchanged for "bob@example.com"
    And host "mx-b" receives the message unchanged for "carol@example.org"

  @RT-2 @documented
  Scenario: The most specific route wins: exact, then partial, then ALL
    Given host "mx-exact" accepts all mail
    And host "mx-partial" accepts all mail
    And host "mx-all" accepts all mail
    And the route "sub.example.com" goes to:
      | host     | priority |
      | mx-exact | 0        |
    And the route ".example.com" goes to:
      | host       | priority |
      | mx-partial | 0        |
    And the route "ALL" goes to:
      | host   | priority |
      | mx-all | 0        |
    When a message from "alice@sender.example" to "bob@sub.example.com, carol@deep.sub.example.com, dave@example.com, erin@elsewhere.test" is submitted
    Then host "mx-exact" receives the message unchanged for "bob@sub.example.com"
    And host "mx-partial" receives the message unchanged for "carol@deep.sub.example.com"
    And host "mx-all" receives the message unchanged for "dave@example.com"
    And host "mx-all" receives the message unchanged for "erin@elsewhere.test"

  @RT-3 @documented
  Scenario: A USEDNS route delivers by MX lookup, and the MX host is not routed again
    Given host "mx-a" accepts all mail
    And host "mx-b" listens on the port of host "mx-a"
    And host "mx-b" accepts all mail
    And hosts found by MX lookup listen on the port of host "mx-a"
    And the DNS has:
      | name             | type | value               |
      | example.com      | MX   | 10 mx1.example.net  |
      | mx1.example.net  | A    | {mx-a.ip}           |
    And the route "example.com" uses DNS
    And the route "mx1.example.net" goes to:
      | host | priority |
      | mx-b | 0        |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-a" receives the message unchanged
    And the DNS was asked for the MX records of "example.com"
    And host "mx-b" saw 0 connections

  @RT-4 @documented
  Scenario: A /dev/null route drops the message: logged, never delivered
    Given host "mx-a" accepts all mail
    And the route "example.com" drops mail
    And the route "example.org" goes to:
      | host | priority |
      | mx-a | 0        |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then the mail log shows, in order:
      """
      Start MID {m:mid} ICID {i:icid}
      MID {m} queued for delivery
      Message finished MID {m} done
      """
    And the mail log has no line like "New SMTP DCID {any:any}"
    And the relay's queue is empty
    And host "mx-a" saw 0 connections

  @RT-5 @documented
  Scenario: A hostname destination is resolved by MX, then A
    Given host "mx-a" accepts all mail
    And the DNS has:
      | name              | type | value              |
      | relay.example.net | MX   | 10 in.example.net  |
      | in.example.net    | A    | {mx-a.ip}          |
    And the route "example.com" goes to:
      | destination       | priority | port        |
      | relay.example.net | 0        | {mx-a.port} |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-a" receives the message unchanged

  @RT-5 @documented
  Scenario: A hostname destination without MX is resolved by its A record
    Given host "mx-a" accepts all mail
    And the DNS has:
      | name              | type | value     |
      | relay.example.net | A    | {mx-a.ip} |
    And the route "example.com" goes to:
      | destination       | priority | port        |
      | relay.example.net | 0        | {mx-a.port} |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-a" receives the message unchanged

  @RT-6 @documented
  Scenario: Routes in the smtproutes text form, with comments, ports and priorities
    Given host "mx-a" greets with "452 4.3.1 Mail system full"
    And host "mx-b" accepts all mail
    And host "mx-c" accepts all mail
    And the routes, in smtproutes form:
      """
      # The seed's route, on the scenario's loopback hosts
      example.com {mx-a.ip}:{mx-a.port}/pri=0, {mx-b.ip}:{mx-b.port}/pri=10
      .example.org {mx-c.ip}:{mx-c.port}/pri=0
      """
    When a message from "alice@sender.example" to "bob@example.com, carol@mail.example.org" is submitted
    Then host "mx-b" receives the message unchanged for "bob@example.com"
    And host "mx-c" receives the message unchanged for "carol@mail.example.org"

  @RT-6 @documented
  Scenario: 40,000 routes load, and the one a message needs is found among them
    Given host "mx-a" accepts all mail
    And 40000 more routes for other domains
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-a" receives the message unchanged
