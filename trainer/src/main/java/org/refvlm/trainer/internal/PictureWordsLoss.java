package org.refvlm.trainer.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.refvlm.nn.MatMul;
import org.refvlm.trainer.PictureWords;
import org.refvlm.trainer.TrainingExample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The picture-words loss: every projected image token whose cell centre lies on an object names
 * that object's word in each attribute group (shape, colour, pattern, size), scored against the
 * language model's own input embeddings of the group's words (logits: 10 x their cosine).
 *
 * <p>Why: a language model from nothing that must answer "what colour is the square?" from image
 * tokens has to learn where in its input space the picture's content lies and to attend there,
 * from an answer loss that only rewards it once it already does; session 8's runs sat at one
 * answer per question type. This loss puts each image token near the words that describe it,
 * where the language model's phrase copying already knows how to look (the shapes-tiny README has
 * the runs). It is the synthetic world's stand-in for the caption alignment REF-VLM's stage 1
 * gets from a pretrained language model.
 *
 * <p>With one image token per cell, each token is scored in every group, so it must superpose its
 * object's four words. With four tokens per cell ({@code imageTokensPerCell}), a cell's tokens
 * name its object's size, colour, pattern and shape one each, in the order a phrase writes them
 * ("small red striped circle"), so that the language model meets in the picture the word runs it
 * has learnt to read in prompts.
 */
final class PictureWordsLoss {

    private static final Logger LOG = LoggerFactory.getLogger(PictureWordsLoss.class);

    /**
     * One attribute group: its place among {@link PictureWords#syntheticGroups()} and the words of it
     * the tokenizer has as single tokens (with a space in front).
     */
    private record Group(int source, List<String> words, long[] ids) {
    }

    /** Scale of the cosine logits: 10 lets a token reach p > 0.99 for its word among ten. */
    private static final float SHARPNESS = 10f;

    /**
     * With a token per group, the token of a cell that names each group (indexed as
     * {@link PictureWords#syntheticGroups()}: shape, colour, pattern, size): size first, shape last.
     */
    private static final int[] SLOT_OF_GROUP = {3, 1, 2, 0};

    private final ModelParts parts;
    private final List<Group> groups = new ArrayList<>();
    private final boolean centred;
    private final int tokensPerCell;

    PictureWordsLoss(ModelParts parts, boolean centred) {
        this.parts = parts;
        this.centred = centred;
        this.tokensPerCell = parts.projector.tokensPerCell();
        if (tokensPerCell != 1 && tokensPerCell != SLOT_OF_GROUP.length) {
            throw new IllegalArgumentException("pictureWordsWeight: the model has " + tokensPerCell + " image tokens per "
                    + "cell; the picture-words loss scores 1 (naming every group) or " + SLOT_OF_GROUP.length
                    + " (one group each)");
        }
        List<List<String>> all = PictureWords.syntheticGroups();
        for (int source = 0; source < all.size(); source++) {
            List<String> candidates = all.get(source);
            List<String> words = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            for (String w : candidates) {
                long[] t = parts.tokenizer.encode(" " + w, false);
                if (t.length == 1) {
                    words.add(w);
                    ids.add(t[0]);
                }
            }
            if (words.size() >= 2) {
                groups.add(new Group(source, words, ids.stream().mapToLong(Long::longValue).toArray()));
            } else {
                LOG.warn("picture-words loss: the tokenizer has only {} of the words {} as single tokens; group left out",
                        words.size(), candidates);
            }
        }
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("pictureWordsWeight: the model's tokenizer has none of the synthetic "
                    + "world's attribute words as single tokens (a word tokenizer is needed)");
        }
    }

    /**
     * The loss of a batch and, when asked, how the scored tokens read: per group, the share whose
     * nearest word of the group is the object's (what the loss trains), and the share whose nearest
     * row of the language model's whole embedding table is that word (what the language model meets:
     * a colour token nearer to "the" than to "red" does not read as a colour).
     *
     * @param loss      the mean cross-entropy over groups, or null when no token of the batch lies on a known object
     * @param namedRight per group, "in-group share / whole-vocabulary share" of the scored tokens, and
     *                  the share of the group's tokens in cells off every object whose nearest
     *                  vocabulary row is a word of the group, and the scored tokens' mean length over
     *                  the group's word rows' (empty unless asked)
     */
    record Scored(NDArray loss, Map<String, String> namedRight) {
    }

    /**
     * @param imageTokens [B, N * k, D] the projected image tokens, k per cell, the N = g * g cells in
     *                    row-major order of the padded square the picture was placed in
     * @param report      whether to measure {@link Scored#namedRight} (reads tensors back to the host)
     */
    Scored loss(List<TrainingExample> batch, NDArray imageTokens, NDManager m, boolean report) {
        int b = batch.size();
        int tokens = (int) imageTokens.getShape().get(1);
        int d = (int) imageTokens.getShape().get(2);
        int n = tokens / tokensPerCell;
        int g = (int) Math.round(Math.sqrt(n));
        if (g * g != n || n * tokensPerCell != tokens) {
            throw new IllegalStateException("picture-words loss needs a square grid of image tokens, " + tokensPerCell
                    + " per cell; got " + tokens);
        }
        // the words at each cell centre, per example; null rows where the data knows nothing
        List<List<String>>[] cells = new List[b];
        for (int i = 0; i < b; i++) {
            cells[i] = wordsAtCells(batch.get(i).pictureWords(), g);
        }
        NDArray flat = imageTokens.reshape(b * (long) tokens, d);                          // [B*N*k, D]
        NDArray total = null;
        int used = 0;
        Map<String, String> namedRight = new LinkedHashMap<>();
        NDArray vocabulary = null;                                                         // [V, D] unit rows
        if (report) {
            int v = parts.lm.config().vocabSize();
            vocabulary = unit(parts.lm.embed(m.arange(0, v, 1, DataType.INT64).expandDims(0), m).get(0));
        }
        for (Group group : groups) {
            int slot = tokensPerCell == 1 ? 0 : SLOT_OF_GROUP[group.source()];
            boolean[] rows = new boolean[b * tokens];
            boolean[] offObjects = new boolean[b * tokens];
            int offCount = 0;
            List<Integer> targets = new ArrayList<>();
            for (int i = 0; i < b; i++) {
                if (cells[i] == null) {
                    continue;
                }
                for (int c = 0; c < n; c++) {
                    List<String> words = cells[i].get(c);
                    if (words == null) {
                        offObjects[i * tokens + c * tokensPerCell + slot] = true;
                        offCount++;
                        continue;
                    }
                    int target = group.words().indexOf(words.get(group.source()));
                    if (target >= 0) {
                        rows[i * tokens + c * tokensPerCell + slot] = true;
                        targets.add(target);
                    }
                }
            }
            if (targets.isEmpty()) {
                continue;
            }
            int count = targets.size(), v = group.ids().length;
            NDArray named = flat.get(m.create(rows));                                      // [K, D]
            NDArray words = parts.lm.embed(m.create(group.ids()).expandDims(0), m).get(0); // [C, D]
            // cosine, not the dot product: the language model normalises its inputs, so only the
            // direction matters, and a dot product would reward image tokens for growing far
            // longer than the words around them
            NDArray unitNamed = unit(named);                                               // [K, D]
            NDArray logits = MatMul.of(unitNamed, unit(words).transpose()).mul(SHARPNESS);     // [K, C]
            float[] weights = new float[count * v];
            for (int r = 0; r < count; r++) {
                weights[r * v + targets.get(r)] = 1f / count;
            }
            NDArray ce = logits.logSoftmax(-1).mul(m.create(weights, new Shape(count, v))).sum().neg();
            if (report) {
                String read = namedRight(logits, unitNamed, vocabulary, group.ids(), targets);
                if (offCount > 0) {
                    read += String.format(Locale.ROOT, ", off objects %.2f of %d", wordOfGroupShare(
                            unit(flat.get(m.create(offObjects))), vocabulary, group.ids()), offCount);
                }
                // the cosine loss leaves the length free, and the language model normalises each
                // position only inside its blocks: in the residual stream a token far longer than the
                // words drowns what attention adds at its position, so lengths matter beside directions
                read += String.format(Locale.ROOT, ", length %.2f x the words'", meanLength(named) / meanLength(words));
                namedRight.put(PictureWords.groupName(group.source()), read);
            }
            total = total == null ? ce : total.add(ce);
            used++;
        }
        return new Scored(total == null ? null : total.div(used), namedRight);
    }

    /**
     * "in-group share / whole-vocabulary share of K" for K scored tokens.
     *
     * @param logits     [K, C] the tokens' logits over the group's C words
     * @param unitNamed  [K, D] the tokens, scaled to length 1
     * @param vocabulary [V, D] every embedding row, scaled to length 1
     * @param groupIds   [C] the token id of each of the group's words
     * @param targets    K indices into the group's words
     */
    static String namedRight(NDArray logits, NDArray unitNamed, NDArray vocabulary, long[] groupIds,
            List<Integer> targets) {
        long[] inGroup = logits.argMax(1).toLongArray();                                  // [K]
        long[] nearest = nearestRows(unitNamed, vocabulary);                              // [K]
        int groupRight = 0, vocabRight = 0;
        for (int r = 0; r < targets.size(); r++) {
            int t = targets.get(r);
            groupRight += inGroup[r] == t ? 1 : 0;
            vocabRight += nearest[r] == groupIds[t] ? 1 : 0;
        }
        return String.format(Locale.ROOT, "%.2f / %.2f of %d", groupRight / (double) targets.size(),
                vocabRight / (double) targets.size(), targets.size());
    }

    /**
     * The share of tokens whose nearest row of the whole embedding table is one of the group's words.
     * Asked of the group's slot in cells off every object, which the loss does not train: a language
     * model that meets colour words there cannot tell the picture's colours from the background's.
     *
     * @param unitTokens [K, D] the tokens, scaled to length 1
     * @param vocabulary [V, D] every embedding row, scaled to length 1
     * @param groupIds   [C] the token id of each of the group's words
     */
    static double wordOfGroupShare(NDArray unitTokens, NDArray vocabulary, long[] groupIds) {
        long[] nearest = nearestRows(unitTokens, vocabulary);                             // [K]
        int inGroup = 0;
        for (long id : nearest) {
            for (long g : groupIds) {
                if (id == g) {
                    inGroup++;
                    break;
                }
            }
        }
        return nearest.length == 0 ? 0 : inGroup / (double) nearest.length;
    }

    /** For each of [K, D] unit tokens, the id of the nearest of [V, D] unit vocabulary rows (by cosine). */
    private static long[] nearestRows(NDArray unitTokens, NDArray vocabulary) {
        return MatMul.of(unitTokens, vocabulary.transpose()).argMax(1).toLongArray();
    }

    /** The mean Euclidean length of [N, D] rows. */
    private static double meanLength(NDArray rows) {
        return rows.square().sum(new int[] {1}).sqrt().mean().getFloat();
    }

    /** [N, D] rows scaled to length 1. */
    private static NDArray unit(NDArray rows) {
        return rows.div(rows.square().sum(new int[] {1}, true).add(1e-12f).sqrt());
    }

    /** Per cell of the g x g grid over the padded square, the words of the object at its centre (null: none). */
    private List<List<String>> wordsAtCells(PictureWords words, int g) {
        if (words == null) {
            return null;
        }
        double side = Math.max(words.width(), words.height());
        double dx = centred ? (side - words.width()) / 2 : 0, dy = centred ? (side - words.height()) / 2 : 0;
        List<List<String>> out = new ArrayList<>(g * g);
        for (int y = 0; y < g; y++) {
            for (int x = 0; x < g; x++) {
                out.add(words.wordsAt((x + 0.5) * side / g - dx, (y + 0.5) * side / g - dy));
            }
        }
        return out;
    }
}
