package org.refvlm.api;

/**
 * One registered decoder service as the registry sees it.
 *
 * @param unit          the unit word it decodes ({@code refvlm.unit})
 * @param decoder       its name ({@code refvlm.decoder})
 * @param bundleId      the bundle that registered it
 * @param bundleName    that bundle's symbolic name
 * @param bundleState   that bundle's state, e.g. {@code ACTIVE}
 * @param ranking       its {@code service.ranking}
 * @param serviceId     its {@code service.id}
 * @param active        whether requests for {@code unit} go to it now
 * @param pinned        whether an administrator pinned it for {@code unit}
 */
public record DecoderInfo(
        String unit,
        String decoder,
        long bundleId,
        String bundleName,
        String bundleState,
        int ranking,
        long serviceId,
        boolean active,
        boolean pinned) {
}
