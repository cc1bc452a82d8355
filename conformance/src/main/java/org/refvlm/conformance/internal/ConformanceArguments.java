package org.refvlm.conformance.internal;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.refvlm.tensor.Devices;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/** The command line of {@code conformance}; {@link #call} hands the parsed arguments to the runner. */
@Command(name = "conformance",
        description = "Runs the models against reference outputs of the Python libraries (LLaMA, CLIP ViT, ConvNeXt, "
                + "tokenizer): one line per case.",
        footer = "Exit status: 0 when every case of every folder passes, 1 otherwise, 2 usage error.")
public final class ConformanceArguments implements Callable<Integer> {

    /** What {@code conformance} does with its arguments. */
    @FunctionalInterface
    public interface Work {
        int run(Device device, List<Path> folders) throws Exception;
    }

    @Option(names = "--device", paramLabel = "cpu|gpu:N", defaultValue = "cpu", converter = DeviceConverter.class,
            description = "where the models run (default cpu)")
    Device device;

    @Parameters(arity = "1..*", paramLabel = "FIXTURE-FOLDER", description = "fixture folders (manifest.json and golden outputs)")
    List<Path> folders;

    private final Work work;

    public ConformanceArguments(Work work) {
        this.work = work;
    }

    @Override
    public Integer call() throws Exception {
        return work.run(device, folders);
    }

    /** Device names as {@link Devices#parse} reads them. */
    static final class DeviceConverter implements ITypeConverter<Device> {
        @Override
        public Device convert(String value) {
            try {
                return Devices.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
