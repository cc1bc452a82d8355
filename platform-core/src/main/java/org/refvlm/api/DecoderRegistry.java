package org.refvlm.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;
import org.refvlm.spi.VisualUnitDecoder;

/**
 * The decoders the running platform knows, tracked as bundles come and go.
 *
 * <p>A unit resolves to the decoder an administrator pinned for it, if that decoder is running,
 * and otherwise to the one with the highest {@code service.ranking} (ties: the lowest
 * {@code service.id}, i.e. the first registered). Pins persist across restarts.
 */
@ProviderType
public interface DecoderRegistry {

    /** Every registered decoder, by unit, then the active one first, then by ranking. */
    List<DecoderInfo> decoders();

    /** Units that at least one running decoder handles. */
    Set<String> units();

    /** The decoder requests for {@code unit} go to now, if any. */
    Optional<DecoderInfo> active(String unit);

    /**
     * The decoder to use for {@code unit}.
     *
     * @throws NoDecoderException when no running decoder handles it
     */
    VisualUnitDecoder resolve(String unit);

    /**
     * The active decoder of {@code unit} and its description, consistent with each other even
     * while decoders come, go or are pinned.
     *
     * @throws NoDecoderException when no running decoder handles it
     */
    ActiveDecoder resolveActive(String unit);

    /**
     * Sends {@code unit} to the decoder named {@code decoder} whatever the rankings say. When the
     * pinned decoder leaves, the unit falls back to ranking until it returns.
     *
     * @throws IllegalArgumentException when no running decoder of that name handles the unit
     */
    void pin(String unit, String decoder);

    /** Removes the pin for {@code unit}; returns whether there was one. */
    boolean unpin(String unit);

    /** Pins by unit, including pins whose decoder is not running now. */
    Map<String, String> pins();
}
