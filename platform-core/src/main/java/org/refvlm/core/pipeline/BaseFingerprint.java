package org.refvlm.core.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What a decoder is trained against, as one SHA-256: the weights that make the {@code <REF>} states
 * and the feature maps a decoder reads (language model and its tokenizer, projector, CLIP ViT,
 * ConvNeXt). A stage-3 decoder is only right for the base it was trained on; a model folder records
 * this fingerprint per decoder ({@link ModelFolder.Decoder#base}) so that a changed base with stale
 * decoders is found by comparing two strings instead of by bad answers.
 */
public final class BaseFingerprint {

    /** The files of a model folder the fingerprint covers, in digest order; absent ones are skipped (no ConvNeXt). */
    public static final List<String> PARTS = List.of("llm/model.safetensors", "llm/tokenizer.json",
            "projector.safetensors", "clip-vit/model.safetensors", "convnext/model.safetensors");

    private BaseFingerprint() {
    }

    /** {@code sha256:<hex>} of the base parts of {@code modelFolder}. */
    public static String of(Path modelFolder) throws IOException {
        MessageDigest all = sha256();
        boolean any = false;
        for (String part : PARTS) {
            Path file = modelFolder.resolve(part);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            any = true;
            MessageDigest one = sha256();
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    one.update(buffer, 0, n);
                }
            }
            // name and digest per part, so moving bytes between parts changes the fingerprint
            all.update(part.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            all.update(one.digest());
        }
        if (!any) {
            throw new IOException(modelFolder + " has none of the base model's weight files " + PARTS);
        }
        return "sha256:" + HexFormat.of().formatHex(all.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }
}
