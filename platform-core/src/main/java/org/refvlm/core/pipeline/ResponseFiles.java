package org.refvlm.core.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.refvlm.api.DepthUnit;
import org.refvlm.api.ReferredObject;
import org.refvlm.api.Response;

/**
 * A response written to disk: the JSON file, and beside it each depth map as a 16-bit PNG in
 * millimetres ({@link DepthPng}), named after the JSON file and the object's position
 * ({@code r.json} gives {@code r.depth-0.png}, ...). The JSON names each PNG (relative to its own
 * folder) in the object's {@code depth.file}, with {@code depth.unitsPerMetre}.
 */
public final class ResponseFiles {

    private ResponseFiles() {
    }

    /**
     * @return the depth PNGs written, in object order (none when the response has no depth map)
     */
    public static List<Path> write(Response response, Path json) throws IOException {
        Path folder = json.toAbsolutePath().getParent();
        String stem = json.getFileName().toString().replaceFirst("\\.json$", "");
        List<Path> written = new ArrayList<>();
        String[] names = new String[response.objects().size()];
        for (int i = 0; i < names.length; i++) {
            ReferredObject o = response.objects().get(i);
            if (o.error() == null && o.value() instanceof DepthUnit d) {
                names[i] = stem + ".depth-" + i + ".png";
                Path png = folder.resolve(names[i]);
                DepthPng.write(d.depth(), png);
                written.add(png);
            }
        }
        Files.writeString(json, ResponseJson.write(response, i -> names[i]));
        return List.copyOf(written);
    }
}
