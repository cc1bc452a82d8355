package org.refvlm.core.internal.shell;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;
import org.osgi.framework.Bundle;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * Decoder components that did not start, as Declarative Services sees them: a third-party
 * decoder whose activation threw, or that waits for a service nobody provides, registers nothing
 * and so never reaches the decoder registry; only DS knows why.
 *
 * <p>A component counts as a decoder's when it provides a decoder or decoder-factory service, or
 * when its bundle imports the decoder SPI (decoder bundles' loaders provide no service). A
 * component waiting for its configuration is not reported: that is how a decoder bundle looks
 * before a model configures it.
 */
final class DecoderComponents {

    private static final Set<String> DECODER_SERVICES = Set.of("org.refvlm.spi.VisualUnitDecoder",
            "org.refvlm.spi.DecoderFactory");
    private static final String SPI_PACKAGE = "org.refvlm.spi";

    private DecoderComponents() {
    }

    /**
     * @param bundles the bundle of an id, or null
     * @return one line per decoder component that failed to activate or misses a reference
     */
    static List<String> problems(ServiceComponentRuntime scr, LongFunction<Bundle> bundles) {
        List<String> problems = new ArrayList<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (!isDecoders(d, bundles.apply(d.bundle.id))) {
                continue;
            }
            String where = "bundle " + d.bundle.id + " " + d.bundle.symbolicName + ", component " + d.name;
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    problems.add(where + ": failed to activate: " + firstLine(c.failure));
                } else if (c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
                    List<String> missing = new ArrayList<>();
                    for (UnsatisfiedReferenceDTO r : c.unsatisfiedReferences) {
                        missing.add(r.name + (r.target == null ? "" : " " + r.target));
                    }
                    problems.add(where + ": waits for " + String.join(", ", missing));
                }
            }
        }
        return problems;
    }

    private static boolean isDecoders(ComponentDescriptionDTO d, Bundle bundle) {
        if (d.serviceInterfaces != null && Arrays.stream(d.serviceInterfaces).anyMatch(DECODER_SERVICES::contains)) {
            return true;
        }
        String imports = bundle == null ? null : bundle.getHeaders().get("Import-Package");
        return imports != null && Arrays.stream(imports.split(","))
                .anyMatch(i -> i.strip().startsWith(SPI_PACKAGE + ";") || i.strip().equals(SPI_PACKAGE));
    }

    private static String firstLine(String failure) {
        if (failure == null) {
            return "(no reason given)";
        }
        String line = failure.lines().findFirst().orElse(failure);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
