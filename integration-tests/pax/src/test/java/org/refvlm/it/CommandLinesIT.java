package org.refvlm.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogReaderService;
import org.refvlm.api.cli.ExitStatusException;

/**
 * Every refvlm shell command parses its arguments the same way (issue 23, item 12): the same
 * help, the same error shape and exit status; and a decoder component that fails to activate is
 * named by {@code decoders} and reaches the log through the OSGi Log Service (item 11).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CommandLinesIT {

    /** Every refvlm command but eval, whose command line another change converts. */
    private static final List<String> COMMANDS = List.of("ask", "trp", "lsap", "decoders", "pin", "unpin", "status",
            "train", "model", "data", "conformance", "eval", "score", "serve", "serve-bench", "selftest", "sam");

    @Inject
    private BundleContext context;

    @Inject
    private CommandProcessor processor;

    @Inject
    private LogReaderService log;

    @Configuration
    public Option[] config() throws Exception {
        return PlatformOptions.platform("commandlines");
    }

    /** What a command printed on each stream, and its exit status as the launcher would see it. */
    private record Run(int status, String out, String err) {
    }

    private Run run(String line) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));
        int status = 0;
        try {
            session.execute(line);
        } catch (ExitStatusException e) {
            status = e.exitCode();
        } finally {
            session.close();
        }
        return new Run(status, out.toString(UTF_8), err.toString(UTF_8));
    }

    @Test
    public void everyCommandHasTheSameHelpErrorShapeAndExitStatus() throws Exception {
        List<String> problems = new ArrayList<>();
        for (String command : COMMANDS) {
            Run help = run("refvlm:" + command + " --help");
            if (help.status() != 0 || !help.out().startsWith("Usage: " + command + " ")
                    || !help.out().contains("-h, --help") || !help.err().isEmpty()) {
                problems.add(command + " --help: " + help);
            }
            Run wrong = run("refvlm:" + command + " --no-such-option");
            // The first problem is named (a missing required option comes before an unknown one).
            if (wrong.status() != 2 || !wrong.err().startsWith(command + ": ")
                    || !wrong.err().matches("(?s).*(Unknown option: '--no-such-option'|Missing required).*")
                    || !wrong.err().contains("\nUsage: " + command + " ") || !wrong.out().isEmpty()) {
                problems.add(command + " --no-such-option: " + wrong);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    public void aDecoderComponentThatFailsToActivateIsNamedAndLogged() throws Exception {
        Bundle failing = context.installBundle(Path.of(PlatformOptions.required("refvlm.it.failing")).toUri().toString());
        try {
            failing.start();
            String expected = "not started: bundle " + failing.getBundleId() + " " + failing.getSymbolicName()
                    + ", component org.refvlm.it.failing.FailingBoxDecoder: failed to activate: ";
            Run decoders = null;
            long end = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < end) {
                decoders = run("refvlm:decoders");
                if (decoders.out().contains(expected)) {
                    break;
                }
                Thread.sleep(100);
            }
            assertTrue(decoders.toString(), decoders.out().contains(expected));
            assertTrue(decoders.toString(), decoders.out().contains("weights /nowhere/model.safetensors are missing"));
            boolean logged = false;
            for (LogEntry e : Collections.list(log.getLog())) {
                if (e.getBundle() != null && e.getBundle().getBundleId() == failing.getBundleId()
                        && e.getException() != null && String.valueOf(e.getException().getMessage())
                                .contains("weights /nowhere/model.safetensors are missing")) {
                    logged = true;
                }
            }
            if (!logged) {
                fail("Declarative Services did not log the failed activation to the OSGi Log Service");
            }
        } finally {
            failing.uninstall();
        }
    }
}
