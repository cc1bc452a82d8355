package org.refvlm.it;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ops4j.pax.exam.Option;

/**
 * The Pax Exam framework configuration: exactly the bundles of the assembled runtime
 * ({@code distribution/target/refvlm/bundle}), provisioned by file URL so a stale snapshot in the
 * local Maven repository can never stand in for the one just built.
 */
final class PlatformOptions {

    private PlatformOptions() {
    }

    static Path runtime() {
        return Path.of(required("refvlm.it.runtime"));
    }

    static Path workDir(String name) throws IOException {
        return Files.createDirectories(Path.of(required("refvlm.it.work")).resolve(name));
    }

    static String required(String key) {
        String v = System.getProperty(key);
        if (v == null) {
            throw new IllegalStateException("system property " + key + " is not set (run these tests through Maven)");
        }
        return v;
    }

    static Option[] platform(String testName) throws IOException {
        List<Option> options = new ArrayList<>();
        // SLF4J 2 from the class path; Pax Exam's own bundles ask for org.slf4j [1.4, 2), which the
        // 2.x API satisfies for everything they call, so it is exported under a 1.7 version too.
        options.add(systemPackages(
                "org.slf4j;version=2.0.17", "org.slf4j.event;version=2.0.17",
                "org.slf4j.helpers;version=2.0.17", "org.slf4j.spi;version=2.0.17",
                "org.slf4j;version=1.7.36", "sun.misc"));
        Path work = workDir(testName);
        // Configuration Admin state must not leak from an earlier run of the same test class.
        deleteTree(work.resolve("config"));
        options.add(frameworkProperty("felix.cm.dir").value(work.resolve("config").toString()));
        options.add(frameworkProperty("felix.fileinstall.dir").value(Files.createDirectories(work.resolve("deploy")).toString()));
        options.add(frameworkProperty("felix.fileinstall.poll").value("200"));
        options.add(frameworkProperty("felix.fileinstall.noInitialDelay").value("true"));
        options.add(frameworkProperty("felix.fileinstall.bundles.new.start").value("true"));
        options.add(frameworkProperty("gosh.args").value("--nointeractive"));
        options.add(frameworkProperty("ds.loglevel").value("warn"));
        // as in the runtime's config.properties: the HTTP server listens only once configured
        options.add(frameworkProperty("org.apache.felix.http.require.config").value("true"));
        options.add(systemProperty("ai.djl.offline").value("true"));
        for (String key : List.of("refvlm.it.alpha", "refvlm.it.beta", "refvlm.it.leaving", "refvlm.it.failing",
                "refvlm.it.work", "refvlm.it.fixtures", "refvlm.it.model", "refvlm.it.sample")) {
            options.add(systemProperty(key).value(required(key)));
        }
        try (Stream<Path> jars = Files.list(runtime().resolve("bundle"))) {
            jars.filter(p -> p.toString().endsWith(".jar")).sorted()
                    .forEach(p -> options.add(bundle(p.toUri().toString())));
        }
        options.add(junitBundles());
        options.add(cleanCaches(true));
        return options.toArray(Option[]::new);
    }

    /**
     * The platform for a test that trains in it: the jars named by the given system properties
     * passed on to the framework, and the engine on one thread (two training runs on a shared
     * 2-core machine are faster that way).
     */
    static Option[] trainingPlatform(String testName, String... jarProperties) throws IOException {
        List<Option> options = new ArrayList<>(List.of(platform(testName)));
        for (String key : jarProperties) {
            options.add(systemProperty(key).value(required(key)));
        }
        options.add(systemProperty("ai.djl.pytorch.num_threads").value("1"));
        options.add(systemProperty("ai.djl.pytorch.num_interop_threads").value("1"));
        return options.toArray(Option[]::new);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    static File alphaJar() {
        return new File(required("refvlm.it.alpha"));
    }

    static File leavingJar() {
        return new File(required("refvlm.it.leaving"));
    }

    static File betaJar() {
        return new File(required("refvlm.it.beta"));
    }
}
