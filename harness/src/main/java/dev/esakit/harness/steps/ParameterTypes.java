package dev.esakit.harness.steps;

import dev.esakit.fake.smtp.Stage;
import io.cucumber.java.ParameterType;

/** Words a mail engineer writes in steps, turned into the fake servers' terms. */
public class ParameterTypes {
    @ParameterType("greeting|EHLO|HELO|STARTTLS|AUTH|MAIL FROM|RCPT TO|DATA|end of data|RSET|NOOP|QUIT")
    public Stage stage(String word) {
        return switch (word) {
            case "greeting" -> Stage.GREETING;
            case "MAIL FROM" -> Stage.MAIL;
            case "RCPT TO" -> Stage.RCPT;
            case "end of data" -> Stage.DATA_END;
            default -> Stage.valueOf(word);
        };
    }
}
