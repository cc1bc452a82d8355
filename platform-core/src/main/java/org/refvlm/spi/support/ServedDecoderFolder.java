package org.refvlm.spi.support;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.refvlm.spi.VisualUnitDecoder;
import org.refvlm.tensor.TensorRuntime;
import org.slf4j.Logger;

/**
 * A decoder folder served as a decoder service for as long as its loader component lives: the
 * part every decoder bundle's configured loader shares. Nothing is registered if the folder does
 * not load; {@link #close()} withdraws the service and frees the decoder's tensors.
 */
public final class ServedDecoderFolder implements AutoCloseable {

    /** Reads a decoder folder onto a manager, e.g. {@code DetrBoxDecoder::loadFolder}. */
    @FunctionalInterface
    public interface FolderReader<D extends VisualUnitDecoder & AutoCloseable> {
        D read(Path folder, NDManager manager) throws IOException;
    }

    private final NDManager manager;
    private final Optional<ServiceRegistration<VisualUnitDecoder>> registration;
    private final AutoCloseable decoder;

    private ServedDecoderFolder(NDManager manager, Optional<ServiceRegistration<VisualUnitDecoder>> registration,
            AutoCloseable decoder) {
        this.manager = manager;
        this.registration = registration;
        this.decoder = decoder;
    }

    /**
     * @param what a phrase for the log, e.g. "DETR box decoder"
     */
    public static <D extends VisualUnitDecoder & AutoCloseable> ServedDecoderFolder serve(
            BundleContext context, TensorRuntime runtime, String unit, String name, int ranking, String folder,
            FolderReader<D> reader, Logger log, String what) {
        NDManager manager = runtime.newManager(name);
        AtomicReference<D> loaded = new AtomicReference<>();
        Optional<ServiceRegistration<VisualUnitDecoder>> registration = ServiceRegistrations.registerDecoderWhenLoaded(
                context, unit, name, ranking, () -> {
                    loaded.set(reader.read(Path.of(folder), manager));
                    return loaded.get();
                }, log, what + " from " + folder);
        return new ServedDecoderFolder(manager, registration, loaded.get());
    }

    @Override
    public void close() throws Exception {
        registration.ifPresent(ServiceRegistration::unregister);
        try {
            if (decoder != null) {
                decoder.close();
            }
        } finally {
            manager.close();
        }
    }
}
