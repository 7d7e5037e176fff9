package dev.esakit.report;

import java.util.Objects;

/**
 * One rule of the ESA profile, as the catalog states it; reports show the statement beside the verdict.
 *
 * @param id        like {@code FO-1}
 * @param level     {@code documented} or {@code reference-defined}
 * @param area      the section, like {@code Failover by failure kind (FO)}
 * @param statement the rule's text
 */
public record Rule(String id, String level, String area, String statement) {
    public static final String DOCUMENTED = "documented";
    public static final String REFERENCE_DEFINED = "reference-defined";

    public Rule {
        Objects.requireNonNull(id, "id is required");
        level = level == null ? "" : level;
        area = area == null ? "" : area;
        statement = statement == null ? "" : statement;
    }
}
