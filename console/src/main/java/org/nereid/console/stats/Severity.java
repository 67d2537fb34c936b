package org.nereid.console.stats;

/** How bad a figure is: drawn plain, amber or red (console.css: {@code .severity-warn}, {@code .severity-bad}). */
public enum Severity {
    GOOD, WARN, BAD;

    public Severity worst(Severity other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    /** The style class of a cell showing a figure this bad, or null when it is fine. */
    public String styleClass() {
        return switch (this) {
            case GOOD -> null;
            case WARN -> "severity-warn";
            case BAD -> "severity-bad";
        };
    }
}
