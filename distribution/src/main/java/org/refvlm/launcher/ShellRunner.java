package org.refvlm.launcher;

import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.regex.Pattern;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Runs one shell command in the booted framework through Gogo's {@code CommandProcessor}. The
 * launcher sits outside the framework and cannot link against Gogo's classes, so it calls the
 * service reflectively.
 *
 * <p>Arguments are handed over as session variables ({@code $_arg0}...), not spliced into the
 * command line, so quotes, spaces and dollar signs in them reach the command unchanged.
 */
final class ShellRunner {

    static final String PROCESSOR = "org.apache.felix.service.command.CommandProcessor";
    private static final Pattern COMMAND_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.:-]*");

    /** Exit status when the command itself is unknown or malformed. */
    static final int USAGE = 2;

    private final BundleContext context;

    ShellRunner(BundleContext context) {
        this.context = context;
    }

    int run(String command, List<String> args, InputStream in, PrintStream out, PrintStream err) throws Exception {
        if (!COMMAND_NAME.matcher(command).matches()) {
            err.println("refvlm: '" + command + "' is not a command name; 'bin/refvlm help' lists the commands");
            return USAGE;
        }
        ServiceReference<?> ref = context.getServiceReference(PROCESSOR);
        if (ref == null) {
            err.println("refvlm: the shell did not start (no " + PROCESSOR + " service)");
            return 1;
        }
        Object processor = context.getService(ref);
        Object session = find(processor.getClass(), "createSession", 3).invoke(processor, in, out, err);
        try {
            StringBuilder line = new StringBuilder(command);
            for (int i = 0; i < args.size(); i++) {
                find(session.getClass(), "put", 2).invoke(session, "_arg" + i, args.get(i));
                line.append(" $_arg").append(i);
            }
            Object result;
            try {
                result = find(session.getClass(), "execute", 1).invoke(session, line.toString());
            } catch (InvocationTargetException e) {
                return reportFailure(command, e.getCause(), err);
            }
            if (result != null) {
                Object text = find(session.getClass(), "format", 2).invoke(session, result, 0);
                String s = String.valueOf(text);
                out.print(s.endsWith("\n") ? s : s + "\n");
            }
            out.flush();
            return 0;
        } finally {
            find(session.getClass(), "close", 0).invoke(session);
            context.ungetService(ref);
        }
    }

    /**
     * Unknown commands exit with {@link #USAGE}; a command's own failure exits with its
     * {@code exitCode()} if its exception has one, else 1. The message is the command's.
     */
    private static int reportFailure(String command, Throwable thrown, PrintStream err) {
        Throwable t = thrown;
        // Gogo calls commands reflectively and may hand back the reflective wrapper.
        while (t instanceof InvocationTargetException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t.getClass().getSimpleName().equals("CommandNotFoundException")) {
            err.println("refvlm: unknown command '" + command + "'; 'bin/refvlm help' lists the commands");
            return USAGE;
        }
        int status = 1;
        try {
            Method code = t.getClass().getMethod("exitCode");
            if (code.invoke(t) instanceof Integer i && i != 0) {
                status = i;
            }
        } catch (ReflectiveOperationException ignored) {
            // an ordinary exception: generic failure
        }
        if (t.getMessage() != null || !t.getClass().getSimpleName().equals("ExitStatusException")) {
            err.println("refvlm " + command + ": " + (t.getMessage() == null ? t.toString() : t.getMessage()));
        }
        return status;
    }

    private static Method find(Class<?> type, String name, int arity) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                for (Method m : i.getMethods()) {
                    if (m.getName().equals(name) && m.getParameterCount() == arity) {
                        return m;
                    }
                }
            }
        }
        throw new IllegalStateException("Gogo has no method " + name + "/" + arity + " on " + type.getName());
    }
}
