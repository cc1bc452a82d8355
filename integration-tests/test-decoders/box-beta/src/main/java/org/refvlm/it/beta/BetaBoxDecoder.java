package org.refvlm.it.beta;

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

    @Activate
    public BetaBoxDecoder(@Reference TensorRuntime runtime) {
        super(runtime.newManager("beta-box"), 64, 2);
    }

    @Deactivate
    void deactivate() {
        close();
    }
}
