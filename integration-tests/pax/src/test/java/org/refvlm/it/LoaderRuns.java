package org.refvlm.it;

import java.util.Objects;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Positive evidence that a configured loader component has finished loading: its activation
 * (which loads, then registers or logs why not) is over once Declarative Services reports that
 * configuration ACTIVE. A test that then finds no service knows loading failed, where a test that
 * slept and found none could only say loading had not finished yet.
 */
final class LoaderRuns {

    private LoaderRuns() {
    }

    /** Waits until the component's configuration whose {@code key} is {@code value} is active. */
    static void awaitActive(ServiceComponentRuntime scr, String component, String key, Object value, long timeoutMillis)
            throws InterruptedException {
        Await.until(component + " with " + key + "=" + value + " has run its activation", timeoutMillis, () -> {
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
                if (!d.name.equals(component)) {
                    continue;
                }
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                    if (c.state == ComponentConfigurationDTO.ACTIVE && Objects.equals(String.valueOf(c.properties.get(key)),
                            String.valueOf(value))) {
                        return true;
                    }
                }
            }
            return false;
        });
    }
}
