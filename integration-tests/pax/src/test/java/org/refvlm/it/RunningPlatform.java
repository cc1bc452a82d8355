package org.refvlm.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.refvlm.api.RefVlm;
import org.refvlm.api.model.LanguageModel;

/**
 * What the tests that train and serve inside the running framework share: the Gogo shell as a
 * user types into it, waiting for a model's request pipeline, a run's losses, test resources
 * copied to a work folder.
 */
final class RunningPlatform {

    private final BundleContext context;

    RunningPlatform(BundleContext context) {
        this.context = context;
    }

    /**
     * Runs a shell command through Gogo as the console would; arguments travel as session
     * variables so paths reach the command unchanged. Returns what the command printed and returned.
     */
    String shell(String command, Object... args) throws Exception {
        ServiceReference<CommandProcessor> ref = context.getServiceReference(CommandProcessor.class);
        assertNotNull("the Gogo shell is not running", ref);
        CommandProcessor processor = context.getService(ref);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, UTF_8);
        CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, out);
        try {
            StringBuilder line = new StringBuilder(command);
            for (int i = 0; i < args.length; i++) {
                session.put("_arg" + i, String.valueOf(args[i]));
                line.append(" $_arg").append(i);
            }
            Object result = session.execute(line);
            if (result != null) {
                out.println(session.format(result, 0));
            }
        } catch (Exception e) {
            throw new AssertionError(command + " failed: " + e + "\n" + buffer.toString(UTF_8), e);
        } finally {
            session.close();
            context.ungetService(ref);
        }
        return buffer.toString(UTF_8);
    }

    /**
     * The request pipeline of the named model, once built with every model service it uses: a
     * RefVlm registered after the language model and both encoders (the pyramid encoder is an
     * optional reference, and a later one rebuilds the pipeline).
     */
    ServiceReference<RefVlm> awaitPipeline(String modelName, long timeoutMillis) throws Exception {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < end) {
            ServiceReference<RefVlm> ref = context.getServiceReference(RefVlm.class);
            ServiceReference<?>[] models = context.getServiceReferences(LanguageModel.class.getName(), null);
            ServiceReference<?>[] encoders = context.getServiceReferences((String) null,
                    "(|(refvlm.encoder=clip-vit)(refvlm.encoder=clip-convnext))");
            if (ref != null && modelName.equals(ref.getProperty(LanguageModel.NAME)) && models != null
                    && encoders != null && encoders.length == 2) {
                long newest = Stream.concat(Stream.of(models), Stream.of(encoders))
                        .mapToLong(RunningPlatform::serviceId).max().orElseThrow();
                if (serviceId(ref) > newest) {
                    return ref;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the request pipeline of model " + modelName + " did not come up");
    }

    static long serviceId(ServiceReference<?> ref) {
        assertNotNull("service is gone", ref);
        return (Long) ref.getProperty(Constants.SERVICE_ID);
    }

    /** The loss of every step in a trainer's metrics.jsonl. */
    static List<Double> losses(Path metrics) throws Exception {
        Pattern loss = Pattern.compile("\"loss\"\\s*:\\s*\"?([^,\"}]+)");
        List<Double> out = new ArrayList<>();
        for (String line : Files.readAllLines(metrics)) {
            Matcher m = loss.matcher(line);
            assertTrue(line, m.find());
            out.add(Double.parseDouble(m.group(1)));
        }
        return out;
    }

    static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    /** Copies the test resource {@code /<resource>} into {@code dir} under its file name. */
    static Path copyResource(String resource, Path dir) throws Exception {
        Path file = dir.resolve(Path.of(resource).getFileName().toString());
        try (InputStream in = RunningPlatform.class.getResourceAsStream("/" + resource)) {
            assertNotNull("test resource /" + resource, in);
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    static void deleteTree(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
