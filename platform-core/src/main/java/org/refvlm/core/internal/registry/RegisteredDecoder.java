package org.refvlm.core.internal.registry;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.refvlm.spi.VisualUnitDecoder;

/** One decoder service for one unit, with what resolution orders it by. */
record RegisteredDecoder(
        String unit, String name, int ranking, long serviceId, ServiceReference<VisualUnitDecoder> reference,
        VisualUnitDecoder decoder) {

    static RegisteredDecoder of(String unit, String name, ServiceReference<VisualUnitDecoder> ref, VisualUnitDecoder d) {
        Object r = ref.getProperty(Constants.SERVICE_RANKING);
        int ranking = r instanceof Integer i ? i : 0;
        long id = (Long) ref.getProperty(Constants.SERVICE_ID);
        return new RegisteredDecoder(unit, name, ranking, id, ref, d);
    }

    /** Higher ranking first; equal rankings: the earlier registration (lower service id). */
    static int byPreference(RegisteredDecoder a, RegisteredDecoder b) {
        int c = Integer.compare(b.ranking, a.ranking);
        return c != 0 ? c : Long.compare(a.serviceId, b.serviceId);
    }

    Bundle bundle() {
        return reference.getBundle();
    }
}
