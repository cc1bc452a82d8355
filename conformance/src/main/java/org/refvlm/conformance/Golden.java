package org.refvlm.conformance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.refvlm.tensor.safetensors.SafetensorsFile;

/** Read access to a fixture's {@code golden.safetensors}: {@code <case>.in.*} and {@code <case>.out.*}. */
final class Golden implements AutoCloseable {
    private final SafetensorsFile file;

    Golden(Path folder) throws IOException {
        this.file = SafetensorsFile.open(folder.resolve("golden.safetensors"));
    }

    boolean has(String name) {
        return file.names().contains(name);
    }

    long[] shape(String name) {
        return file.info(name).shape();
    }

    float[] floats(String name) throws IOException {
        return file.readFloats(name);
    }

    long[] longs(String name) throws IOException {
        return file.readLongs(name);
    }

    NDArray array(String name, NDManager manager) throws IOException {
        return file.load(name, manager, true);
    }

    /** Names under a prefix, e.g. "batch.out.hidden_states.", sorted numerically by their last part. */
    List<String> withPrefix(String prefix) {
        return file.names().stream().filter(n -> n.startsWith(prefix))
                .sorted((a, b) -> {
                    String sa = a.substring(prefix.length());
                    String sb = b.substring(prefix.length());
                    try {
                        return Integer.compare(Integer.parseInt(sa), Integer.parseInt(sb));
                    } catch (NumberFormatException e) {
                        return sa.compareTo(sb);
                    }
                })
                .collect(Collectors.toList());
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
