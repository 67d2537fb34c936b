package org.nereid.ctl;

import java.util.LinkedHashMap;
import java.util.Map;

/** galenectl's template rule: template fields replace existing ones, and null removes a field. */
final class Templates {
    private Templates() {
    }

    static Map<String, Object> merge(Map<String, Object> existing, Map<String, Object> template) {
        Map<String, Object> result = new LinkedHashMap<>(existing);
        template.forEach((key, value) -> {
            if (value == null) {
                result.remove(key);
            } else {
                result.put(key, value);
            }
        });
        return result;
    }
}
