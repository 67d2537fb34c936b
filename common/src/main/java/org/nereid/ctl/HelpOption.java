package org.nereid.ctl;

import picocli.CommandLine.Option;

/** galenectl's {@code -help}, on every command. */
final class HelpOption {
    @Option(names = {"-help", "--help", "-h"}, usageHelp = true, description = "show this help")
    boolean help;
}
