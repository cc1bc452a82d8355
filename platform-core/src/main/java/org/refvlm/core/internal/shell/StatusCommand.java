package org.refvlm.core.internal.shell;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.startlevel.BundleStartLevel;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.felix.service.command.CommandSession;
import org.refvlm.cli.CommandLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.refvlm.api.DecoderRegistry;
import org.refvlm.core.internal.registry.BundleStates;
import org.refvlm.tensor.RuntimeInfo;
import org.refvlm.tensor.TensorRuntime;

/** Shell command {@code refvlm:status}: framework, bundles, decoders, tensor engine and device. */
@Component(
        service = StatusCommand.class,
        immediate = true,
        property = {"osgi.command.scope=refvlm", "osgi.command.function=status"})
public final class StatusCommand {

    private BundleContext context;

    @Reference
    private DecoderRegistry registry;

    /** Optional: status must still answer, and say why, when the engine failed to load. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TensorRuntime tensors;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
    }

    @Descriptor("show the framework, bundles, decoders, tensor engine and device (see 'status --help')")
    public void status(CommandSession session, String... args) throws Exception {
        DecoderCommands.run(new Status(), session, args);
    }

    @Command(name = "status", description = "Shows the framework, bundles by state, decoders, tensor engine and device, "
            + "and memory.")
    final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().print(report());
            spec.commandLine().getOut().flush();
            return CommandLines.OK;
        }
    }

    private static boolean meantToRun(Bundle b) {
        BundleStartLevel level = b.adapt(BundleStartLevel.class);
        return b.getBundleId() == 0 || level == null || level.isPersistentlyStarted();
    }

    private String report() {
        Bundle system = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        Bundle[] bundles = context.getBundles();
        // A bundle stopped on purpose (the console the launcher did not choose) is not counted as
        // a problem: it is listed apart.
        Map<String, Long> states = Arrays.stream(bundles).filter(StatusCommand::meantToRun)
                .collect(Collectors.groupingBy(b -> BundleStates.name(b.getState()), TreeMap::new, Collectors.counting()));
        List<String> stopped = Arrays.stream(bundles).filter(b -> !meantToRun(b)).map(Bundle::getSymbolicName).toList();
        StringBuilder out = new StringBuilder();
        line(out, "framework", context.getProperty(Constants.FRAMEWORK_VENDOR) + " " + system.getSymbolicName()
                + " " + system.getVersion() + " (" + BundleStates.name(system.getState()) + ")");
        line(out, "java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        line(out, "bundles", bundles.length + " " + states + (stopped.isEmpty() ? "" : " and stopped on purpose: " + stopped));
        for (Bundle b : bundles) {
            if (b.getState() != Bundle.ACTIVE && b.getHeaders().get(Constants.FRAGMENT_HOST) == null && meantToRun(b)) {
                line(out, "  not active", b.getBundleId() + " " + b.getSymbolicName() + " " + BundleStates.name(b.getState()));
            }
        }
        line(out, "decoders", registry.decoders().size() + " registered, units " + registry.units().stream().sorted().toList());
        TensorRuntime t = tensors;
        if (t == null) {
            line(out, "tensor engine", "NOT AVAILABLE (the tensor runtime did not start: bin/refvlm says why, the log has the details)");
        } else {
            RuntimeInfo i = t.info();
            line(out, "tensor engine", i.engine() + " " + i.version() + " (DJL " + i.djlVersion() + "), libtorch "
                    + i.libtorch());
            line(out, "device", i.device() + (i.gpuCount() > 0 ? ", " + i.gpuCount() + " GPU(s) visible" : ", no GPU visible"));
            i.gpu().ifPresent(g -> line(out, "gpu", g.describe()));
            line(out, "tokenizers", i.tokenizers() ? "loaded" : "NOT AVAILABLE (see the log)");
            line(out, "natives", i.nativeLibraryDir());
            // bin/refvlm sets it where the convolution check found the default kernels wrong before
            String isa = System.getenv("ONEDNN_MAX_CPU_ISA");
            line(out, "oneDNN ISA", isa == null || isa.isBlank() ? "default" : isa.strip() + " (ONEDNN_MAX_CPU_ISA)");
        }
        Runtime rt = Runtime.getRuntime();
        line(out, "memory", (rt.totalMemory() - rt.freeMemory()) / (1 << 20) + " MiB used of " + rt.maxMemory() / (1 << 20) + " MiB");
        return out.toString();
    }

    private static void line(StringBuilder out, String key, String value) {
        out.append(String.format("%-14s %s%n", key, value));
    }
}
