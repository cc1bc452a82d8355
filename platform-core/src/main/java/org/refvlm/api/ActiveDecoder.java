package org.refvlm.api;

import java.util.Objects;
import org.refvlm.spi.VisualUnitDecoder;

/**
 * The decoder a unit's requests go to now, with what the registry says about it, taken in one
 * step: asking {@link DecoderRegistry#active} and then {@link DecoderRegistry#resolve} could see
 * two different decoders when one is registered, removed or pinned in between.
 *
 * @param info    the registry's view of the decoder (name, bundle, ranking, service id)
 * @param decoder the decoder itself
 */
public record ActiveDecoder(DecoderInfo info, VisualUnitDecoder decoder) {

    public ActiveDecoder {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(decoder, "decoder");
    }
}
