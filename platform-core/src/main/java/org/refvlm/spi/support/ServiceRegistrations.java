package org.refvlm.spi.support;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.refvlm.spi.VisualUnitDecoder;
import org.slf4j.Logger;

/**
 * Registers a service only once it has really loaded. A Declarative Services component that
 * provides a service is registered before it is activated, so a model whose weights fail to
 * load would still show up as a service; a configured loader component calls this instead.
 */
public final class ServiceRegistrations {

    private ServiceRegistrations() {
    }

    /**
     * @param what   a phrase for the log, e.g. "language model from /models/x"
     * @return the registration, or empty when loading failed (the failure is logged with its cause)
     */
    public static <T> Optional<ServiceRegistration<T>> registerWhenLoaded(
            BundleContext context, Class<T> type, Callable<? extends T> loader, Dictionary<String, ?> properties,
            Logger log, String what) {
        T service;
        try {
            service = loader.call();
        } catch (Exception | LinkageError e) {
            log.error("{} did not load; no {} service is registered", what, type.getSimpleName(), e);
            return Optional.empty();
        }
        return Optional.of(context.registerService(type, service, properties));
    }

    /**
     * Registers a decoder for {@code unit} under {@code name} and {@code ranking} once
     * {@code loader} has produced it (see {@link #registerWhenLoaded}).
     */
    public static Optional<ServiceRegistration<VisualUnitDecoder>> registerDecoderWhenLoaded(
            BundleContext context, String unit, String name, int ranking,
            Callable<? extends VisualUnitDecoder> loader, Logger log, String what) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(VisualUnitDecoder.UNIT, unit);
        props.put(VisualUnitDecoder.DECODER, name);
        props.put(Constants.SERVICE_RANKING, ranking);
        return registerWhenLoaded(context, VisualUnitDecoder.class, loader, props, log, what);
    }
}
