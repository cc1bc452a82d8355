package org.refvlm.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * A model's decoder folders count as loading until Declarative Services reports their loader's
 * configuration for that folder active (or failed); a kind whose loader bundle is not installed
 * is not waited for. The race this closes: DETR and Grounding DINO both serve boxes, and a request
 * sent while DETR was still loading was answered by Grounding DINO.
 */
class DecoderLoadersTest {

    private static final Path MODEL = Path.of("/models/shapes-tiny/model");
    private static final ModelFolder.Decoder DETR = new ModelFolder.Decoder("box", "detr", "decoders/box", null, null);
    private static final ModelFolder.Decoder GDINO =
            new ModelFolder.Decoder("box", "groundingdino", "decoders/box-groundingdino", null, -1);
    private static final ModelFolder.Decoder SAM = new ModelFolder.Decoder("mask", "sam", "decoders/mask-sam", null, null);

    @Test
    void aFolderIsPendingUntilItsLoaderConfigurationHasActivated() {
        ComponentDescriptionDTO detr = loader("detr");
        ComponentDescriptionDTO gdino = loader("groundingdino");
        Map<ComponentDescriptionDTO, List<ComponentConfigurationDTO>> configs = Map.of(
                detr, List.of(config(ComponentConfigurationDTO.SATISFIED, "/models/shapes-tiny/model/decoders/box")),
                gdino, List.of(config(ComponentConfigurationDTO.ACTIVE,
                        "/models/shapes-tiny/model/decoders/box-groundingdino")));
        assertThat(DecoderLoaders.pending(List.of(DETR, GDINO, SAM), MODEL, List.of(detr, gdino), configs::get))
                .as("DETR still activating; SAM's bundle is not installed")
                .containsExactly("/models/shapes-tiny/model/decoders/box");

        Map<ComponentDescriptionDTO, List<ComponentConfigurationDTO>> done = Map.of(
                detr, List.of(config(ComponentConfigurationDTO.FAILED_ACTIVATION, "/models/shapes-tiny/model/decoders/box")),
                gdino, List.of(config(ComponentConfigurationDTO.ACTIVE,
                        "/models/shapes-tiny/model/decoders/box-groundingdino")));
        assertThat(DecoderLoaders.pending(List.of(DETR, GDINO), MODEL, List.of(detr, gdino), done::get))
                .as("a failed activation is over too").isEmpty();
    }

    @Test
    void anActiveLoaderForAnotherModelsFolderDoesNotCount() {
        ComponentDescriptionDTO detr = loader("detr");
        Map<ComponentDescriptionDTO, List<ComponentConfigurationDTO>> configs = Map.of(
                detr, List.of(config(ComponentConfigurationDTO.ACTIVE, "/models/other/decoders/box")));
        assertThat(DecoderLoaders.pending(List.of(DETR), MODEL, List.of(detr), configs::get))
                .containsExactly("/models/shapes-tiny/model/decoders/box");
    }

    private static ComponentDescriptionDTO loader(String kind) {
        ComponentDescriptionDTO d = new ComponentDescriptionDTO();
        d.name = "org.refvlm." + kind + ".Loader";
        d.configurationPid = new String[] {ModelFolder.loaderPid(kind)};
        return d;
    }

    private static ComponentConfigurationDTO config(int state, String folder) {
        ComponentConfigurationDTO c = new ComponentConfigurationDTO();
        c.state = state;
        c.properties = Map.of(DecoderLoaders.FOLDER, folder);
        return c;
    }
}
