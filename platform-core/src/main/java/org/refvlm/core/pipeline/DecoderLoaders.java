package org.refvlm.core.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Which of a model's decoder folders are still loading, as Declarative Services reports their
 * loaders: a loader's activation loads the folder and then registers the decoder or logs why not,
 * so a loader configuration that is ACTIVE (or failed to activate) has finished either way.
 *
 * <p>Why a command waits for them: a model may bring two decoders for one unit (DETR, and Grounding
 * DINO at ranking -1). Served as soon as any decoder of the unit is up, a request that came while
 * the higher-ranked one was still loading would be answered by the other.
 */
final class DecoderLoaders {

    /** The loader configuration property naming the decoder folder ({@link ModelActivation#use}). */
    static final String FOLDER = "path";

    private DecoderLoaders() {
    }

    /**
     * @param decoders       the model's decoders
     * @param model          the model folder (absolute, normalised, as {@link ModelActivation#use} configured it)
     * @param descriptions   every component description DS knows
     * @param configurations each description's configurations
     * @return the folders whose loader is installed but has not finished activating for them; a
     *         kind whose loader bundle is not installed is not waited for
     */
    static List<String> pending(List<ModelFolder.Decoder> decoders, Path model,
                                Collection<ComponentDescriptionDTO> descriptions,
                                Function<ComponentDescriptionDTO, Collection<ComponentConfigurationDTO>> configurations) {
        List<String> pending = new ArrayList<>();
        for (ModelFolder.Decoder d : decoders) {
            String pid = ModelFolder.loaderPid(d.kind());
            String folder = model.resolve(d.path()).toString();
            boolean installed = false;
            boolean finished = false;
            for (ComponentDescriptionDTO description : descriptions) {
                if (description.configurationPid == null
                        || !Arrays.asList(description.configurationPid).contains(pid)) {
                    continue;
                }
                installed = true;
                for (ComponentConfigurationDTO c : configurations.apply(description)) {
                    boolean over = c.state == ComponentConfigurationDTO.ACTIVE
                            || c.state == ComponentConfigurationDTO.FAILED_ACTIVATION;
                    finished |= over && c.properties != null && folder.equals(String.valueOf(c.properties.get(FOLDER)));
                }
            }
            if (installed && !finished) {
                pending.add(folder);
            }
        }
        return pending;
    }
}
