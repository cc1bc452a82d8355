package org.refvlm.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;

/**
 * Waits until a booted platform can answer a command: the shell and the refvlm commands are
 * registered, the tensor runtime has started or failed (and said why), and every jar in the deploy folder has been installed and started by FileInstall
 * (or a few seconds have passed: a jar that cannot resolve is reported by the launcher instead).
 */
final class Readiness {

    private final BundleContext context;
    private final Path deploy;
    private final TensorRuntimeState tensors;

    Readiness(BundleContext context, Path deploy) {
        this.context = context;
        this.deploy = deploy;
        this.tensors = new TensorRuntimeState(context);
    }

    /** How long deploy/ jars may take to start; one that cannot resolve is then reported, not waited for. */
    private static final long DEPLOY_GRACE_MS = 5_000;

    /** @return what is still missing when the time ran out, or an empty string when ready */
    String await(long timeoutMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        String missing;
        while (!(missing = missing()).isEmpty() && System.currentTimeMillis() < end) {
            Thread.sleep(20);
        }
        if (missing.isEmpty()) {
            long deployEnd = System.currentTimeMillis() + DEPLOY_GRACE_MS;
            while (!deployPending().isEmpty() && System.currentTimeMillis() < deployEnd) {
                Thread.sleep(20);
            }
        }
        return missing;
    }

    private String missing() {
        try {
            if (context.getServiceReference(ShellRunner.PROCESSOR) == null) {
                return "the Gogo command processor";
            }
            if (context.getServiceReferences((String) null, "(osgi.command.scope=refvlm)") == null) {
                return "the refvlm shell commands";
            }
            if (!tensors.state().settled()) {
                return "the tensor runtime";
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return "";
    }

    /** deploy/ jars FileInstall has not (yet) installed and started. */
    List<String> deployPending() {
        Set<String> started = started();
        return deployedJars().stream().filter(j -> !started.contains(j)).toList();
    }

    private List<String> deployedJars() {
        if (!Files.isDirectory(deploy)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(deploy)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** File names of the installed bundles that got past INSTALLED (resolved, started). */
    private Set<String> started() {
        return Arrays.stream(context.getBundles())
                .filter(b -> b.getState() != Bundle.INSTALLED)
                .map(Bundle::getLocation)
                .map(l -> l.substring(l.lastIndexOf('/') + 1))
                .collect(Collectors.toSet());
    }
}
