package org.nereid.ctl;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What every nereidctl command has: the parent (settings, client, standard input), its own spec, and -help. */
abstract class CtlCommand implements Callable<Integer> {
    @ParentCommand
    Nereidctl ctl;
    @Spec
    CommandSpec spec;
    @Mixin
    HelpOption help;

    /** Where the command prints its results. */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
