package org.nereid.ctl;

import java.io.IOException;
import java.util.Map;
import picocli.CommandLine.Option;

/** -json: a create or update command starts from a JSON object template read from standard input. */
final class TemplateOption {
    @Option(names = {"-json", "--json"}, description = "read JSON template from standard input")
    boolean json;

    /** The template with -json, else an empty (mutable) object. */
    Map<String, Object> read(Nereidctl ctl) throws IOException {
        return ctl.readTemplate(json);
    }
}
