package org.refvlm.it.failing;

import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.DecodedUnit;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.DecoderSpec;
import org.refvlm.spi.VisualUnitDecoder;

/** A third-party decoder that cannot start: its activation throws, as one whose weights are missing would. */
@Component(immediate = true, property = {VisualUnitDecoder.UNIT + "=" + BoxUnit.UNIT, VisualUnitDecoder.DECODER + "=failing"})
public final class FailingBoxDecoder implements VisualUnitDecoder {

    @Activate
    void activate() {
        throw new IllegalStateException("failing-box: weights /nowhere/model.safetensors are missing");
    }

    @Override
    public DecoderSpec spec() {
        return new DecoderSpec(4, 1, List.of(), false);
    }

    @Override
    public List<List<DecodedUnit>> decode(DecoderInput input) {
        throw new UnsupportedOperationException("never activated");
    }
}
