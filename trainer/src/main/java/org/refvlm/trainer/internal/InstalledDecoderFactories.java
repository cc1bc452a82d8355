package org.refvlm.trainer.internal;

import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.refvlm.spi.DecoderFactory;

/** The decoder factories the installed decoder bundles register, by kind: what a recipe's decoders are made with. */
final class InstalledDecoderFactories implements Function<String, DecoderFactory> {

    private final BundleContext context;

    InstalledDecoderFactories(BundleContext context) {
        this.context = context;
    }

    /** The installed factory of a decoder kind (highest ranking when several bundles offer it). */
    @Override
    public DecoderFactory apply(String kind) {
        try {
            Collection<ServiceReference<DecoderFactory>> refs = context.getServiceReferences(DecoderFactory.class,
                    "(" + DecoderFactory.KIND + "=" + kind + ")");
            ServiceReference<DecoderFactory> best = refs.stream().max(ServiceReference::compareTo).orElse(null);
            if (best == null) {
                throw new IllegalArgumentException("no installed bundle provides decoders of kind '" + kind
                        + "' (installed kinds: " + installedKinds() + ")");
            }
            return context.getService(best);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("bad decoder kind '" + kind + "'", e);
        }
    }

    private List<String> installedKinds() throws InvalidSyntaxException {
        return context.getServiceReferences(DecoderFactory.class, null).stream()
                .map(r -> String.valueOf(r.getProperty(DecoderFactory.KIND))).sorted().toList();
    }
}
