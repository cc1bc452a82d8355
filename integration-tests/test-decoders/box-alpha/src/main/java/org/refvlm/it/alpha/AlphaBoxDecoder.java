package org.refvlm.it.alpha;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.refvlm.it.decoderkit.ProjectionBoxDecoder;
import org.refvlm.spi.VisualUnitDecoder;
import org.refvlm.tensor.TensorRuntime;

/** Test decoder for unit {@code box}, ranking 10. */
@Component(
        service = VisualUnitDecoder.class,
        property = {"refvlm.unit=box", "refvlm.decoder=alpha-box", "service.ranking:Integer=10"})
public class AlphaBoxDecoder extends ProjectionBoxDecoder {

    @Activate
    public AlphaBoxDecoder(@Reference TensorRuntime runtime) {
        super(runtime.newManager("alpha-box"), 64, 1);
    }

    @Deactivate
    void deactivate() {
        close();
    }
}
