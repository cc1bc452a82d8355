package org.refvlm.trainer.internal;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.refvlm.tensor.Devices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The command line of {@code selftest}; {@link #call} hands the parsed arguments to the shell command's work. */
@Command(name = "selftest", sortOptions = false,
        description = {"Checks a device against the CPU: the conformance fixtures on the device, one request with the "
                + "model and three training steps of a tiny model on the CPU and on the device, compared in a table "
                + "with the tolerances stated.",
                "Exit status 0 only when every check agrees, 1 when one does not (or the device cannot be used), "
                        + "2 on a usage error."})
final class SelfTestArguments implements Callable<Integer> {

    /** What {@code selftest} does with its arguments. */
    @FunctionalInterface
    interface Work {
        int run(SelfTestArguments arguments) throws Exception;
    }

    /** The device to test; null for the platform's. */
    Device device;

    @Option(names = "--device", paramLabel = "cpu|gpu|gpu:N", description = "the device to test against the CPU "
            + "(default: the platform's, REFVLM_DEVICE)")
    void device(String name) {
        try {
            device = Devices.parse(name);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    @Option(names = "--model", paramLabel = "DIR", description = "the model of the test request (default: the "
            + "default model, models/shapes-tiny/model)")
    Path model;

    @Option(names = "--fixtures", paramLabel = "DIR", description = "folder of conformance fixture folders "
            + "(default: the runtime's conformance/)")
    Path fixtures;

    private final Work work;

    SelfTestArguments(Work work) {
        this.work = work;
    }

    @Override
    public Integer call() throws Exception {
        return work.run(this);
    }
}
