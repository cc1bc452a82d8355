package org.refvlm.spi.support;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.refvlm.api.DecodedUnit;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.DecoderSpec;
import org.refvlm.spi.VisualUnitDecoder;
import org.refvlm.tensor.TensorRuntime;
import org.slf4j.Logger;

/**
 * A decoder folder served as a decoder service for as long as its loader component lives: the
 * part every decoder bundle's configured loader shares. Nothing is registered if the folder does
 * not load; {@link #close()} withdraws the service, waits for the requests decoding with it
 * ({@link InFlightCalls}), and frees the decoder's tensors.
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
    private final InFlightCalls calls;

    private ServedDecoderFolder(NDManager manager, Optional<ServiceRegistration<VisualUnitDecoder>> registration,
            AutoCloseable decoder, InFlightCalls calls) {
        this.manager = manager;
        this.registration = registration;
        this.decoder = decoder;
        this.calls = calls;
    }

    /**
     * @param what a phrase for the log, e.g. "DETR box decoder"
     */
    public static <D extends VisualUnitDecoder & AutoCloseable> ServedDecoderFolder serve(
            BundleContext context, TensorRuntime runtime, String unit, String name, int ranking, String folder,
            FolderReader<D> reader, Logger log, String what) {
        NDManager manager = runtime.newManager(name);
        InFlightCalls calls = new InFlightCalls("decoder '" + name + "'");
        AtomicReference<D> loaded = new AtomicReference<>();
        Optional<ServiceRegistration<VisualUnitDecoder>> registration = ServiceRegistrations.registerDecoderWhenLoaded(
                context, unit, name, ranking, () -> {
                    loaded.set(reader.read(Path.of(folder), manager));
                    return new Guarded(loaded.get(), calls);
                }, log, what + " from " + folder);
        return new ServedDecoderFolder(manager, registration, loaded.get(), calls);
    }

    @Override
    public void close() throws Exception {
        registration.ifPresent(ServiceRegistration::unregister);
        Exception[] failed = new Exception[1];
        calls.close(() -> {
            try {
                if (decoder != null) {
                    decoder.close();
                }
            } catch (Exception e) {
                failed[0] = e;
            } finally {
                manager.close();
            }
        });
        if (failed[0] != null) {
            throw failed[0];
        }
    }

    /** The service registered: the decoder, each decode counted in flight. */
    private record Guarded(VisualUnitDecoder decoder, InFlightCalls calls) implements VisualUnitDecoder {
        @Override
        public DecoderSpec spec() {
            return decoder.spec();
        }

        @Override
        public List<List<DecodedUnit>> decode(DecoderInput input) {
            return calls.call(() -> decoder.decode(input));
        }
    }
}
