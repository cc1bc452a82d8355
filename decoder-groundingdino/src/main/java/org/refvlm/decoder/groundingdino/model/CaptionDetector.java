package org.refvlm.decoder.groundingdino.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.refvlm.api.RgbImage;
import org.refvlm.spi.DecoderImage;
import org.refvlm.spi.ImageFrame;

/**
 * Grounding DINO with a text prompt, as the original model is used: the caption ("a cat. a
 * remote control.") is tokenised with the checkpoint's BERT {@code tokenizer.json} (through DJL's
 * Hugging Face tokenizers, [CLS] and [SEP] added), the picture (placed at the top-left of its
 * padded square, resized to {@code side}, normalised with ImageNet's statistics) and the caption
 * go through the whole model, and every query whose best token probability passes
 * {@code boxThreshold} is a detection, labelled with the caption's tokens whose probability
 * passes {@code textThreshold} (transformers' {@code post_process_grounded_object_detection}).
 * Useful for checking a checkpoint; the platform's box unit uses the REF-driven route.
 */
public final class CaptionDetector implements AutoCloseable {

    /** One detection: a box in the picture's pixels, its score and the caption words it answers. */
    public record Detection(double x0, double y0, double x1, double y1, double score, String label) {
    }

    private final HuggingFaceTokenizer tokenizer;
    private final Set<Long> cuts;

    private CaptionDetector(HuggingFaceTokenizer tokenizer, Set<Long> cuts) {
        this.tokenizer = tokenizer;
        this.cuts = cuts;
    }

    /**
     * @param tokenizerJson a BERT tokenizer in Hugging Face's tokenizer.json format; its [CLS],
     *                      [SEP], "." and "?" cut captions into phrases
     */
    public static CaptionDetector of(Path tokenizerJson) throws IOException {
        Set<Long> cuts = TextPrompt.cuts(tokenizerJson);
        return new CaptionDetector(HuggingFaceTokenizer.newInstance(tokenizerJson,
                Map.of("addSpecialTokens", "true", "truncation", "false", "padding", "false")), cuts);
    }

    /** The caption's ids, with [CLS] and [SEP]. */
    public long[] ids(String caption) {
        return tokenizer.encode(caption).getIds();
    }

    public List<Detection> detect(GroundingDino model, RgbImage picture, String caption, int side, double boxThreshold,
                                  double textThreshold, NDManager m) {
        Encoding encoding = tokenizer.encode(caption);
        long[] ids = encoding.getIds();
        String[] tokens = encoding.getTokens();
        long[] mask = new long[ids.length];
        java.util.Arrays.fill(mask, 1);
        DecoderImage image = new DecoderImage(picture);
        NDArray pixels = DetectorPixels.of(List.of(image), m, side);                            // [1, 3, S, S]
        GroundingDino.Output out = model.infer(pixels, model.encodeCaption(new long[][] {ids}, new long[][] {mask}, cuts, m));
        int q = (int) out.finalLogits().getShape().get(1);
        int t = ids.length;
        float[] logits = out.finalLogits().toType(DataType.FLOAT32, false).toFloatArray();   // [Q * T]
        float[] boxes = out.finalBoxes().toType(DataType.FLOAT32, false).toFloatArray();     // [Q * 4]
        ImageFrame frame = image.frame();
        List<Detection> found = new ArrayList<>();
        for (int k = 0; k < q; k++) {
            double best = 0;
            StringBuilder label = new StringBuilder();
            for (int j = 0; j < t; j++) {
                double p = 1 / (1 + Math.exp(-logits[k * t + j]));
                best = Math.max(best, p);
                boolean special = cuts.contains(ids[j]);
                if (p > textThreshold && !special) {
                    label.append(label.length() == 0 ? "" : " ").append(tokens[j]);
                }
            }
            if (best > boxThreshold) {
                var box = frame.pixelBox(boxes[k * 4], boxes[k * 4 + 1], boxes[k * 4 + 2], boxes[k * 4 + 3], best);
                found.add(new Detection(box.x0(), box.y0(), box.x1(), box.y1(), best, label.toString()));
            }
        }
        found.sort((a, b) -> Double.compare(b.score(), a.score()));
        return found;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
