package org.refvlm.data.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Minimal {@code --name value} / {@code --flag} parsing for the data commands; what is not an option is a
 * positional argument. Unknown options are errors so that typos are not silently ignored.
 */
final class CommandArgs {
    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    private CommandArgs() {
    }

    /**
     * @param valued options that take a value
     * @param flags  options without a value
     */
    static CommandArgs parse(List<String> args, Set<String> valued, Set<String> flags) throws UsageException {
        CommandArgs a = new CommandArgs();
        for (int i = 0; i < args.size(); i++) {
            String s = args.get(i);
            if (s.startsWith("--")) {
                String name = s, value = null;
                int eq = s.indexOf('=');
                if (eq > 0) {
                    name = s.substring(0, eq);
                    value = s.substring(eq + 1);
                }
                if (flags.contains(name) && value == null) {
                    a.options.put(name, "true");
                } else if (valued.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            throw new UsageException(name + " needs a value");
                        }
                        value = args.get(++i);
                    }
                    a.options.put(name, value);
                } else {
                    throw new UsageException("unknown option " + name);
                }
            } else {
                a.positional.add(s);
            }
        }
        return a;
    }

    String get(String name) {
        return options.get(name);
    }

    String require(String name) throws UsageException {
        String v = options.get(name);
        if (v == null) {
            throw new UsageException("missing " + name);
        }
        return v;
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }

    long longValue(String name, long fallback) throws UsageException {
        String v = options.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a whole number, was '" + v + "'");
        }
    }

    List<String> positional() {
        return positional;
    }
}
