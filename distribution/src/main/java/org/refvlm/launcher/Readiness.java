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
 * registered, and every jar in the deploy folder has been picked up by FileInstall.
 */
final class Readiness {

    private final BundleContext context;
    private final Path deploy;

    Readiness(BundleContext context, Path deploy) {
        this.context = context;
        this.deploy = deploy;
    }

    /** @return what is still missing when the time ran out, or an empty string when ready */
    String await(long timeoutMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        String missing;
        while (!(missing = missing()).isEmpty() && System.currentTimeMillis() < end) {
            Thread.sleep(20);
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
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<String> pending = deployedJars().stream().filter(j -> !installed().contains(j)).toList();
        return pending.isEmpty() ? "" : "deploy/ jars not yet installed: " + pending;
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

    /** File names of installed bundles that are at least resolved (FileInstall has processed them). */
    private Set<String> installed() {
        return Arrays.stream(context.getBundles())
                .filter(b -> b.getState() != Bundle.INSTALLED || b.getHeaders().get("Fragment-Host") != null)
                .map(Bundle::getLocation)
                .map(l -> l.substring(l.lastIndexOf('/') + 1))
                .collect(Collectors.toSet());
    }
}
