package org.refvlm.trainer.internal;

import ai.djl.Device;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.refvlm.api.cli.CliCommands;
import org.refvlm.cli.CommandLines;
import org.refvlm.tensor.RuntimeInfo;
import org.refvlm.tensor.TensorRuntime;

/**
 * Shell command {@code refvlm:selftest}: the {@link SelfTest} on a device, its table on the
 * console; exit 0 only when every check passed, 1 when one failed, 2 on a usage error.
 */
@Component(service = SelfTestShellCommand.class, immediate = true,
        property = {"osgi.command.scope=refvlm", "osgi.command.function=selftest"})
public final class SelfTestShellCommand {

    private BundleContext context;

    /** Optional, so the command exists, and says why it cannot run, when the engine did not start. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TensorRuntime runtime;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
    }

    @Descriptor("check a device against the CPU: conformance fixtures, one request, three training steps (see 'selftest --help')")
    public void selftest(CommandSession session, @Descriptor("see 'selftest --help'") String... args) throws Exception {
        CliCommands.invoke((args2, in, o, e) -> CommandLines.run(new SelfTestArguments(a -> selftest(a, o)), args2, o, e),
                List.of(args), session.getKeyboard(), session.getConsole(), System.err);
    }

    private int selftest(SelfTestArguments a, PrintStream out) throws Exception {
        TensorRuntime tensors = runtime;
        if (tensors == null) {
            throw new IllegalStateException("the tensor runtime did not start (the launcher said why; "
                    + "the log has the details)");
        }
        RuntimeInfo info = tensors.info();
        Device device = a.device == null ? tensors.device() : a.device;
        if (device.isGpu() && device.getDeviceId() >= info.gpuCount()) {
            throw new IllegalStateException(device + " asked for, but the tensor runtime (libtorch "
                    + info.libtorch() + " from " + info.nativeLibraryDir() + ") sees " + info.gpuCount()
                    + " GPU(s): start it with REFVLM_LIBTORCH and REFVLM_DEVICE set (README.md, 'Running on a GPU')");
        }
        Path model = a.model != null ? a.model : Path.of(required("refvlm.defaultModel", "--model"));
        Path fixtures = a.fixtures != null ? a.fixtures
                : Path.of(required("refvlm.runtime", "--fixtures")).resolve("conformance");
        out.println("selftest of " + device + " against cpu(): " + info.engine() + " " + info.version() + ", libtorch "
                + info.libtorch() + " (" + info.nativeLibraryDir() + ")");
        out.println("model " + model.toAbsolutePath() + ", fixtures " + fixtures.toAbsolutePath());
        Path work = Files.createTempDirectory("refvlm-selftest");
        List<SelfTest.Check> checks;
        try {
            checks = new SelfTest(tensors, new InstalledDecoderFactories(context), work).run(device, model, fixtures);
        } finally {
            TrainingRun.deleteTree(work);
        }
        SelfTest.print(checks, out);
        return checks.stream().allMatch(SelfTest.Check::passed) ? CommandLines.OK : CommandLines.FAILED;
    }

    private static String required(String property, String option) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(option + " is needed (no " + property
                    + " set: start refvlm through bin/refvlm)");
        }
        return v;
    }
}
