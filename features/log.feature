Feature: The mail log
  The relay writes the AsyncOS mail log: a ctime stamp, a level, and the line forms of ESA-PROFILE section 5,
  field for field. Peer text is escaped so that no peer can write a log line of its own.

  @LOG-1 @documented
  Scenario: The log file begins with its header lines
    Given host "mx-a" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then the mail log shows exactly:
      """
      {t:ctime} Info: Begin Logfile
      {t2:ctime} Info: Version: {version:any} SN: {serial:any}
      {t3:ctime} Info: Time offset from UTC: {offset:int} seconds
      """

  @LOG-1 @documented
  Scenario: A delivered message leaves every line form of receiving and delivering, field for field
    Given host "mx-a" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    When a message from "alice@sender.example" to "bob@example.com, carol@example.com" is submitted
    Then host "mx-a" receives the message unchanged
    And the mail log shows, in order:
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
      New SMTP DCID {d:dcid} interface {local:ip} address {mx-a.ip} port {mx-a.port}
      Delivery start DCID {d} MID {m} to RID [0, 1]
      Message done DCID {d} MID {m} to RID [0, 1]
      MID {m} RID [0, 1] Response '{reply:any}'
      Message finished MID {m} done
      """

  @LOG-3 @documented
  Scenario: A bare carriage return from a peer cannot start a log line of its own
    Given host "mx-a" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    When a client sends the relay:
      """
      EHLO client.example
      MAIL FROM:<alice@sender.example>
      RCPT TO:<bob@example.com>
      DATA
      Subject: Hello\rFri Jul  4 09:15:07 2014 Info: Message finished MID 999 done

      Body.
      .
      QUIT
      """
    Then the relay answered the end of data with 250
    And the mail log shows, in order:
      """
      MID {m:mid} Subject 'Hello{escaped:any}Fri Jul  4 09:15:07 2014 Info: Message finished MID 999 done'
      Message finished MID {m} done
      """
    And the mail log has no line like "Message finished MID 999 done"

  @LOG-3 @documented
  Scenario: A multi-line reply is written on one log line, its line breaks as \n
    Given host "mx-a" answers MAIL FROM with:
      """
      451-4.3.2 Not now
      451-4.3.2 Connection Error: DCID 999 domain: forged
      451 4.3.2 Try later
      """
    And host "mx-b" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
      | mx-b | 10       |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-b" receives the message unchanged
    And the mail log shows, in order:
      """
      Delayed: DCID {d1:dcid} MID {m:mid} From: <alice@sender.example> To: <bob@example.com> RID 0 - 4.3.2 - Not accepting messages at this time ('451', ['4.3.2 Not now', '4.3.2 Connection Error: DCID 999 domain: forged', '4.3.2 Try later'])
      """
    And the mail log has no line like "Connection Error: DCID 999 domain: forged"

  @LOG-4 @reference-defined
  Scenario Outline: The enhanced code comes from the reply, and the phrase from the table: <reply>
    Given host "mx-a" answers RCPT TO with "<reply>"
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then the mail log shows, in order:
      """
      <verdict>: DCID {d1:dcid} MID {m:mid} From: <alice@sender.example> To: <bob@example.com> RID 0 - <enhanced> - <phrase> ('<code>', ['<text>'])
      """

    Examples:
      | reply                                   | verdict | enhanced | phrase                              | code | text                                |
      | 452 4.3.1 Insufficient system storage   | Delayed | 4.3.1    | Mail system full                    | 452  | 4.3.1 Insufficient system storage   |
      | 451 4.3.2 System not accepting messages | Delayed | 4.3.2    | Not accepting messages at this time | 451  | 4.3.2 System not accepting messages |
      | 450 4.1.0 Address trouble               | Delayed | 4.1.0    | Unknown address error               | 450  | 4.1.0 Address trouble               |
      | 550 5.1.0 Address rejected              | Bounced | 5.1.0    | Unknown address error               | 550  | 5.1.0 Address rejected              |
      | 550 5.1.2 Host unknown                  | Bounced | 5.1.2    | Bad destination host                | 550  | 5.1.2 Host unknown                  |

  @LOG-4 @reference-defined
  Scenario: Without an enhanced code in the reply, it is derived from the basic code
    Given host "mx-a" answers RCPT TO for "bob@example.com" with "450 Mailbox busy"
    And host "mx-a" answers RCPT TO for "carol@example.com" with "550 No such user"
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    When a message from "alice@sender.example" to "bob@example.com, carol@example.com" is submitted
    Then the mail log shows, in order:
      """
      Delayed: DCID {d1:dcid} MID {m:mid} From: <alice@sender.example> To: <bob@example.com> RID 0 - 4.0.0 - {phrase:any} ('450', ['Mailbox busy'])
      Bounced: DCID {d1} MID {m} From: <alice@sender.example> To: <carol@example.com> RID 1 - 5.0.0 - {phrase2:any} ('550', ['No such user'])
      """

  @LOG-5 @documented
  Scenario: A delivered message ends with Message finished, and every connection with its close line
    Given host "mx-a" greets with "452 4.3.1 Mail system full"
    And host "mx-b" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
      | mx-b | 10       |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-b" receives the message unchanged
    And the mail log shows, in order:
      """
      Start MID {m:mid} ICID {i:icid}
      New SMTP DCID {d1:dcid} interface {local:ip} address {mx-a.ip} port {mx-a.port}
      New SMTP DCID {d2:dcid} interface {local} address {mx-b.ip} port {mx-b.port}
      Message finished MID {m} done
      """
    And the mail log has 1 line like "ICID {i} close"
    And the mail log has 1 line like "DCID {d1} close"

  @LOG-5 @documented
  Scenario: A bounced message ends with Message finished too
    Given host "mx-a" answers RCPT TO with "550 5.1.1 User unknown"
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then the mail log shows, in order:
      """
      Bounced: DCID {d:dcid} MID {m:mid} From: <alice@sender.example> To: <bob@example.com> RID 0 - 5.1.1 - {phrase:any} ('550', ['5.1.1 User unknown'])
      Message finished MID {m} done
      """
    And the mail log has 1 line like "DCID {d} close"

  @LOG-6 @documented
  Scenario: The mail log is pushed over syslog too
    Given host "mx-a" accepts all mail
    And the route "example.com" goes to:
      | host | priority |
      | mx-a | 0        |
    And the relay sends its mail log to a syslog receiver
    When a message from "alice@sender.example" to "bob@example.com" is submitted
    Then host "mx-a" receives the message unchanged
    And the syslog receiver gets, in order:
      """
      Start MID {m:mid} ICID {i:icid}
      New SMTP DCID {d:dcid} interface {local:ip} address {mx-a.ip} port {mx-a.port}
      Message done DCID {d} MID {m} to RID [0]
      Message finished MID {m} done
      """
