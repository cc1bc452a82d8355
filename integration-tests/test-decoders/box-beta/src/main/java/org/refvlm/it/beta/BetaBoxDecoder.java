package org.refvlm.it.beta;

import ai.djl.ndarray.NDManager;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.refvlm.it.decoderkit.ProjectionBoxDecoder;
import org.refvlm.spi.VisualUnitDecoder;
import org.refvlm.tensor.TensorRuntime;

/** Test decoder for unit {@code box}, ranking 20. */
@Component(
        service = VisualUnitDecoder.class,
        property = {"refvlm.unit=box", "refvlm.decoder=beta-box", "service.ranking:Integer=20"})
public class BetaBoxDecoder extends ProjectionBoxDecoder {

    private final NDManager manager;

    @Activate
    public BetaBoxDecoder(@Reference TensorRuntime runtime) {
        this(runtime.newManager("beta-box"));
    }

    private BetaBoxDecoder(NDManager manager) {
        super(manager, 64, 2);
        this.manager = manager;
    }

    @Deactivate
    void close() {
        manager.close();
    }
}
