package org.refvlm.api.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A command's logic, free of any shell: it reads {@code in}, writes results to {@code out} and
 * problems to {@code err}, and returns 0 on success, 1 when the work failed, 2 on a usage error.
 */
@ConsumerType
@FunctionalInterface
public interface CliCommand {

    int run(List<String> args, InputStream in, PrintStream out, PrintStream err) throws Exception;
}
