package org.refvlm.it.leaving;

import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.refvlm.api.DecodedUnit;
import org.refvlm.it.decoderkit.ProjectionBoxDecoder;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.VisualUnitDecoder;
import org.refvlm.tensor.TensorRuntime;

/**
 * Test decoder for unit {@code mask} whose bundle is stopped while it is decoding, as an
 * administrator's {@code stop} can do to a running request: the decode then fails because its
 * decoder is closed, and the platform must spoil only this decoder's references.
 */
@Component(
        service = VisualUnitDecoder.class,
        property = {"refvlm.unit=mask", "refvlm.decoder=leaving-mask"})
public class LeavingMaskDecoder extends ProjectionBoxDecoder {

    private final BundleContext context;

    @Activate
    public LeavingMaskDecoder(@Reference TensorRuntime runtime, BundleContext context) {
        super(runtime.newManager("leaving-mask"), 64, 3);
        this.context = context;
    }

    @Override
    public List<List<DecodedUnit>> decode(DecoderInput input) {
        Thread stopper = new Thread(() -> {
            try {
                context.getBundle().stop();
            } catch (BundleException e) {
                throw new IllegalStateException(e);
            }
        });
        stopper.start();
        try {
            stopper.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return super.decode(input);
    }

    @Deactivate
    void deactivate() {
        close();
    }
}
