import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.*;
import org.refvlm.data.Sample;
import org.refvlm.data.TaskType;
import org.refvlm.data.Turn;
import org.refvlm.data.synth.*;
import org.refvlm.llm.*;
import org.refvlm.training.*;

/**
 * Session 25's text-only binding probe (issue 19; an analysis aid, not product code). Trains the
 * language model alone, with no picture, and reports the teacher-forced exact-answer share on a val
 * split: every answer token (and the end token) must be the arg-max.
 *
 * <p>Without {@code -Drecall}: the synthetic world's VQA with the scene written in words before each
 * question ({@code data synth --describe-scenes}); val is {@code --split val --seed 501}, 300 scenes,
 * 575 questions, scored per question type, with the share of colour answers whose arg-max word
 * occurs in the prompt. {@code -Dorder=shape} writes each object shape first ("a triangle orange
 * dotted small"). {@code -Dsmall=N} trains the first N steps on scenes of two objects.
 * {@code -Danswer=restate} changes colour answers (see {@link #restated}). The 9th argument, if
 * above 1, packs the turns of that many samples on one scene into one conversation with every
 * answer trained.
 *
 * <p>With {@code -Drecall=MODE}: token tasks on 20 distinct random words (ids 100-299), ending with a
 * marker; {@code -Dthen=S:MODE} switches the training task at step S (val is always the second
 * task; {@code S:vqa} switches to the VQA above). Modes: {@code copy} (the word just before the
 * marker), {@code first} (the first word), {@code recall} (a word asked again; the answer is the
 * word before its first occurrence), {@code after} (the word after it), {@code before2} and
 * {@code after2} (the same without a closing marker), {@code repeat} (all 20 words again, each a
 * label), {@code gap} (all 20 again with a marker after each; the marker predicts the next word),
 * {@code mqar} (10 key-value pairs, then the 10 keys in a random order, each value a label).
 * {@code scenecolour} (a scene in the VQA's words, then every object's colour question; see
 * {@link #sceneColour}). {@code -Dmix=F} makes that share of every batch the token task and the
 * rest the VQA, and scores both. {@code -Dsave=DIR} writes the trained language model to a folder
 * that {@code -Dmodel=DIR shipped} loads. Every evaluation also prints the share of labelled tokens
 * that are the arg-max.
 * {@code -DmatchInit=X} starts every layer with {@code k_proj = q_proj}, both scaled by X.
 *
 * <p>Arguments: {@code shipped|scratch layers hidden steps lr batch evalEvery [trainSeed [pack]]};
 * {@code shipped} loads {@code models/shapes-tiny/model/llm} (layers and hidden are then ignored),
 * {@code scratch} makes a random LLaMA with that depth and width (max(4, width/32) heads, an MLP
 * twice the width).
 * Adam(0.9, 0.95), weight decay 0.01, clip 1, 100 warm-up steps, cosine to 5 % of lr.
 */
public class BindingProbe {
    record Ex(String type, long[] prompt, long[] answer, boolean[] labels) {
        Ex(String type, long[] prompt, long[] answer) { this(type, prompt, answer, null); }
    }

    static String type(String q) {
        if (q.contains("What colour")) return "colour";
        if (q.contains("How many")) return "count";
        if (q.startsWith("Is there") || q.contains(" Is there")) return "existence";
        if (q.contains("Where is")) return "position";
        return "relation";
    }

    static List<Ex> examples(SyntheticDataset ds, long index, TextTokenizer tok) {
        Sample s = ds.sample(index);
        List<Ex> out = new ArrayList<>();
        for (Turn t : s.turns()) {
            String user = reorder(t.user().replace("<image>", ""));
            long[] p = tok.encode(user + "\n", false);
            long[] a = tok.encode(restated(user, t.answer()), false);
            out.add(new Ex(type(user), p, a));
        }
        return out;
    }

    static final Set<String> SIZES = Set.of("small", "medium-sized", "large");
    static final Set<String> PATTERNS = Set.of("striped", "dotted");
    static final Set<String> SHAPES = Set.of("circle", "square", "triangle", "star", "diamond", "hexagon", "cross");

    /** With -Dorder=shape, each object of the scene's words is written shape first ("a triangle orange dotted small"). */
    static String reorder(String user) {
        if (!"shape".equals(System.getProperty("order"))) return user;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("The picture shows (.*?)\\. ").matcher(user);
        if (!m.find()) return user;
        String[] objects = m.group(1).split(", | and ");
        List<String> out = new ArrayList<>();
        for (String o : objects) {
            String shape = "", colour = "", pattern = "", size = "";
            for (String w : o.split(" ")) {
                if (SIZES.contains(w)) size = w; else if (PATTERNS.contains(w)) pattern = w;
                else if (SHAPES.contains(w)) shape = w; else if (!w.equals("a") && !w.equals("an")) colour = w;
            }
            out.add(("a " + shape + " " + colour + " " + pattern + " " + size).replaceAll(" +", " ").strip());
        }
        String joined = out.size() == 1 ? out.get(0)
                : String.join(", ", out.subList(0, out.size() - 1)) + " and " + out.get(out.size() - 1);
        return user.substring(0, m.start()) + "The picture shows " + joined + ". " + user.substring(m.end());
    }

    /**
     * With -Danswer=restate, a colour question's answer first names the shape and then its colour, in
     * the order -Dorder=shape writes the scene ("The triangle orange, so the answer is orange."): the
     * colour then follows a copy of the shape, as it does in the scene's words.
     */
    static String restated(String user, String answer) {
        if (!"restate".equals(System.getProperty("answer"))) return answer;
        java.util.regex.Matcher q = java.util.regex.Pattern.compile("What colour is the (\\w+)\\?").matcher(user);
        java.util.regex.Matcher a = java.util.regex.Pattern.compile("The answer is (\\w+)\\.").matcher(answer);
        if (!q.find() || !a.find()) return answer;
        return answer.substring(0, a.start()) + "The " + q.group(1) + " " + a.group(1) + ", so the answer is "
                + a.group(1) + ".";
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 7 || !(args[0].equals("shipped") || args[0].equals("scratch"))) {
            System.err.println("usage: BindingProbe shipped|scratch LAYERS WIDTH STEPS LR BATCH EVAL_EVERY"
                    + " [TRAIN_SEED [PACK]]  (properties: see the class comment)");
            System.exit(2);
        }
        String from = args[0];
        int layers = Integer.parseInt(args[1]);
        int hidden = Integer.parseInt(args[2]);
        long steps = Long.parseLong(args[3]);
        double lr = Double.parseDouble(args[4]);
        int batch = Integer.parseInt(args[5]);
        int evalEvery = Integer.parseInt(args[6]);
        long trainSeed = args.length > 7 ? Long.parseLong(args[7]) : 41;
        int pack = args.length > 8 ? Integer.parseInt(args[8]) : 1;
        Path model = Path.of(System.getProperty("model", "models/shapes-tiny/model/llm"));
        TextTokenizer tok = TextTokenizer.load(model.resolve("tokenizer.json"), RefVlmTokens.ADDED_TOKENS);
        tokenizer = tok;
        Device dev = Device.cpu();
        CausalLanguageModel lm;
        if (from.equals("shipped")) {
            lm = LlamaModels.load(model, dev);
        } else {
            LlamaConfig shipped = LlamaConfig.fromJson(model.resolve("config.json"));
            int vocab = Math.max(shipped.vocabSize(), tok.vocabSize());
            lm = LlamaModels.random(LlamaConfig.of(vocab, hidden, hidden * 2, layers, Math.max(4, hidden / 32),
                    Math.max(4, hidden / 32), false), dev, 7);
        }
        if (System.getProperty("matchInit") != null) {
            // content-match heads at init: k_proj = q_proj, both scaled, so a token's query meets its own key
            float scale = Float.parseFloat(System.getProperty("matchInit"));
            Map<String, NDArray> all = lm.parameters().asMap();
            for (int l = 0; l < lm.config().numHiddenLayers(); l++) {
                NDArray q = all.get("model.layers." + l + ".self_attn.q_proj.weight");
                NDArray k = all.get("model.layers." + l + ".self_attn.k_proj.weight");
                float[] qv = q.toFloatArray();
                for (int i = 0; i < qv.length; i++) qv[i] *= scale;
                q.set(qv);
                k.set(qv);
            }
        }
        lm.setTrainable("", true);
        Map<String, NDArray> params = new LinkedHashMap<>();
        lm.parameters().asMap().forEach((k, v) -> { if (v.hasGradient()) params.put(k, v); });
        System.out.println("trainable tensors " + params.size() + " config " + lm.config());
        long eos = tok.eosId();

        SyntheticDataset train = new SyntheticDataset(new SynthOptions(Long.MAX_VALUE / 4, Split.TRAIN, trainSeed,
                List.of(TaskType.VQA), SceneConfig.DEFAULT, pack, false)).describingScenes();
        SyntheticDataset plain = new SyntheticDataset(new SynthOptions(Long.MAX_VALUE / 4, Split.TRAIN, trainSeed,
                List.of(TaskType.VQA), SceneConfig.DEFAULT, pack, false));
        // -Dsmall=N: the first N steps use scenes of exactly two objects (a curriculum), then the default scenes
        long smallUntil = Long.getLong("small", 0L);
        SyntheticDataset small = new SyntheticDataset(new SynthOptions(Long.MAX_VALUE / 4, Split.TRAIN,
                trainSeed + 1000,
                List.of(TaskType.VQA), new SceneConfig(256, 2, 2), 1, false)).describingScenes();
        long nextSmall = 0;
        SyntheticDataset val = new SyntheticDataset(new SynthOptions(300, Split.VAL, 501,
                List.of(TaskType.VQA), SceneConfig.DEFAULT, 1, false)).describingScenes();
        List<Ex> valEx = new ArrayList<>();
        boolean recall = System.getProperty("recall") != null;
        String thenProp = System.getProperty("then", "");
        long vqaFrom = thenProp.endsWith(":vqa") ? Long.parseLong(thenProp.split(":")[0]) : Long.MAX_VALUE;
        // -Dmix=F: that share of every batch is the token task, the rest the VQA; val is then the VQA,
        // with the token task's val beside it
        double mix = Double.parseDouble(System.getProperty("mix", "-1"));
        List<Ex> valTok = new ArrayList<>();
        if (mix >= 0) {
            Random vr = new Random(99);
            for (int i = 0; i < 500; i++) valTok.add(recallExample(vr));
        }
        if (recall && vqaFrom == Long.MAX_VALUE && mix < 0) {
            currentStep = Long.MAX_VALUE; // the val set is the task trained last
            Random vr = new Random(99);
            for (int i = 0; i < 500; i++) valEx.add(recallExample(vr));
            currentStep = 0;
        } else {
            for (long i = 0; i < 300; i++) valEx.addAll(examples(val, i, tok));
        }
        Random tr = new Random(trainSeed);
        System.out.println("val turns " + valEx.size());

        AdamW opt = new AdamW(0.9, 0.95, 1e-8, 0.01, AdamW.NO_DECAY_DEFAULT);
        Engine engine = Engine.getInstance();
        Deque<Ex> pool = new ArrayDeque<>();
        long next = 0;
        long t0 = System.nanoTime();
        double smooth = Double.NaN;
        for (long step = 0; step < steps; step++) {
            currentStep = step;
            List<Ex> b = new ArrayList<>();
            while (b.size() < batch) {
                if (recall && step < vqaFrom && (mix < 0 || b.size() < Math.round(batch * mix))) {
                    b.add(recallExample(tr));
                    continue;
                }
                if (pack > 1) { pool.add(packed(train, plain, next, pack, tok, eos)); next += pack; }
                else if (pool.isEmpty() && step < smallUntil) pool.addAll(examples(small, nextSmall++, tok));
                else if (pool.isEmpty()) pool.addAll(examples(train, next++, tok));
                b.add(pool.poll());
            }
            double warm = Math.min(1.0, (step + 1) / 100.0);
            double cosine = 0.5 * (1 + Math.cos(Math.PI * step / steps));
            double rate = lr * warm * (0.05 + 0.95 * cosine);
            try (NDManager m = NDManager.newBaseManager(dev); GradientCollector gc = engine.newGradientCollector()) {
                NDArray loss = loss(lm, b, eos, m, null);
                gc.backward(loss);
                double l = loss.getFloat();
                smooth = Double.isNaN(smooth) ? l : 0.98 * smooth + 0.02 * l;
            }
            Gradients.clipGlobalNorm(params, 1.0);
            opt.step(params, rate);
            Gradients.zero(params);
            if ((step + 1) % evalEvery == 0 || step + 1 == steps) {
                System.out.printf("step %d loss %.4f lr %.2e %.1f steps/s | %s%n", step + 1, smooth, rate,
                        (step + 1) / ((System.nanoTime() - t0) / 1e9), evaluate(lm, valEx, eos)
                                + (valTok.isEmpty() ? "" : " || token task: " + evaluate(lm, valTok, eos)));
            }
        }
        String save = System.getProperty("save");
        if (save != null) {
            // a folder -Dmodel=... shipped can load: the trained weights beside the tokenizer they used
            Path dir = Path.of(save);
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.writeString(dir.resolve("config.json"), lm.config().toJson());
            java.nio.file.Files.copy(model.resolve("tokenizer.json"), dir.resolve("tokenizer.json"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            org.refvlm.tensor.safetensors.SafetensorsWriter.write(dir.resolve("model.safetensors"),
                    lm.parameters().asMap(), org.refvlm.tensor.safetensors.SafetensorsWriter.metadata("format", "pt"));
            System.out.println("saved " + dir);
        }
    }

    /**
     * All turns of pack samples that share one scene as one conversation: the scene's words once,
     * then question, answer, end token, question, ... Every answer and end token is a label. Encoded
     * as prompt = first question's prompt, answer = the rest (the answer mask marks answers only).
     */
    static Ex packed(SyntheticDataset described, SyntheticDataset plain, long first, int pack, TextTokenizer tok,
                     long eos) {
        List<Long> ids = new ArrayList<>();
        List<Boolean> label = new ArrayList<>();
        boolean firstTurn = true;
        for (long i = first; i < first + pack; i++) {
            List<Turn> turns = (firstTurn ? described : plain).sample(i).turns();
            List<Turn> plainTurns = plain.sample(i).turns();
            for (int t = 0; t < turns.size(); t++) {
                String user = (firstTurn ? turns.get(t) : plainTurns.get(t)).user().replace("<image>", "");
                firstTurn = false;
                for (long x : tok.encode(user + "\n", false)) { ids.add(x); label.add(false); }
                for (long x : tok.encode(plainTurns.get(t).answer(), false)) { ids.add(x); label.add(true); }
                ids.add(eos); label.add(true);
            }
        }
        long[] a = new long[ids.size()];
        boolean[] l = new boolean[ids.size()];
        for (int i = 0; i < a.length; i++) { a[i] = ids.get(i); l[i] = label.get(i); }
        return new Ex("packed", a, null, l);
    }

    /** The tokenizer, for the token tasks written in the scene's words. */
    static TextTokenizer tokenizer;

    static final String[] COLOURS = {"red", "green", "blue", "yellow", "orange", "purple", "pink", "cyan", "white",
            "black"};
    static final String[] SIZE_WORDS = {"small", "medium-sized", "large"};
    static final String[] PATTERN_WORDS = {"", "", "striped", "dotted"};

    /**
     * A scene in the VQA's words (2-6 objects of distinct shapes, each with a size, a colour and perhaps
     * a pattern), then the colour question about every object in a random order. Only each answer's
     * colour tokens are labels ("The answer is", "." and the end token are given): mqar on the scene's
     * own vocabulary, with the colour before the shape as the VQA writes it. -Dqueries=K asks only K
     * of them (at least 1).
     */
    static Ex sceneColour(Random r) {
        List<String> shapes = new ArrayList<>(new TreeSet<>(SHAPES));
        Collections.shuffle(shapes, r);
        int n = 2 + r.nextInt(5);
        List<String> words = new ArrayList<>();
        List<String> colours = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String colour = COLOURS[r.nextInt(COLOURS.length)];
            String pattern = PATTERN_WORDS[r.nextInt(PATTERN_WORDS.length)];
            String size = SIZE_WORDS[r.nextInt(SIZE_WORDS.length)];
            String w = (size + " " + colour + " " + pattern + " " + shapes.get(i)).replaceAll(" +", " ");
            words.add("a " + w); // every size word starts with a consonant
            colours.add(colour);
        }
        String joined = String.join(", ", words.subList(0, n - 1)) + " and " + words.get(n - 1);
        List<Long> ids = new ArrayList<>();
        List<Boolean> label = new ArrayList<>();
        for (long x : tokenizer.encode("The picture shows " + joined + ". Give a short answer.", false)) {
            ids.add(x); label.add(false);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) order.add(i);
        Collections.shuffle(order, r);
        int asked = Math.max(1, Math.min(n, Integer.getInteger("queries", n)));
        for (int j = 0; j < asked; j++) {
            int i = order.get(j);
            for (long x : tokenizer.encode(" What colour is the " + shapes.get(i) + "?\n", false)) {
                ids.add(x); label.add(false);
            }
            // only the colour's tokens are labels: "The answer is" before them and "." after them are given
            long[] answer = tokenizer.encode("The answer is " + colours.get(i) + ".", false);
            int from = tokenizer.encode("The answer is", false).length;
            for (int k = 0; k < answer.length; k++) { ids.add(answer[k]); label.add(k >= from && k < answer.length - 1); }
            ids.add(tokenizer.eosId()); label.add(false);
        }
        long[] a = new long[ids.size()];
        boolean[] l = new boolean[ids.size()];
        for (int i = 0; i < a.length; i++) { a[i] = ids.get(i); l[i] = label.get(i); }
        return new Ex("scenecolour", a, null, l);
    }

    /** The training step, for {@code -Dthen}; Long.MAX_VALUE while the val set is made. */
    static volatile long currentStep = 0;

    /** Ids 100-299 in a random order: the token tasks' vocabulary, drawn once per example. */
    static List<Long> shuffledWords(Random r) {
        List<Long> words = new ArrayList<>();
        for (long w = 100; w < 300; w++) words.add(w);
        Collections.shuffle(words, r);
        return words;
    }

    /** One token-task example; see the class comment for the modes. */
    static Ex recallExample(Random r) {
        String mode = System.getProperty("recall");
        String then = System.getProperty("then");
        if (then != null && currentStep >= Long.parseLong(then.split(":")[0])) mode = then.split(":")[1];
        if (mode.equals("scenecolour")) return sceneColour(r);
        if (mode.equals("mqar")) {
            // 10 key-value pairs, a marker, then the keys again in a random order, each followed by its value
            List<Long> words = shuffledWords(r);
            long[] p = new long[21];
            for (int i = 0; i < 20; i++) p[i] = words.get(i);
            p[20] = 5;
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < 10; i++) order.add(i);
            Collections.shuffle(order, r);
            long[] all = new long[41];
            boolean[] lab = new boolean[41];
            System.arraycopy(p, 0, all, 0, 21);
            for (int j = 0; j < 10; j++) {
                all[21 + 2 * j] = p[2 * order.get(j)];
                all[22 + 2 * j] = p[2 * order.get(j) + 1];
                lab[22 + 2 * j] = true;
            }
            return new Ex("mqar", all, null, lab);
        }
        if (mode.equals("before2")) {
            List<Long> words = shuffledWords(r);
            long[] p = new long[22];
            for (int i = 0; i < 20; i++) p[i] = words.get(i);
            int q = 1 + 2 * r.nextInt(10);
            p[20] = 5; p[21] = p[q];
            return new Ex("before2", p, new long[] {p[q - 1]});
        }
        if (mode.equals("after2")) {
            List<Long> words = shuffledWords(r);
            long[] p = new long[22];
            for (int i = 0; i < 20; i++) p[i] = words.get(i);
            int q = 2 * r.nextInt(10);
            p[20] = 5; p[21] = p[q];
            return new Ex("after2", p, new long[] {p[q + 1]});
        }
        if (mode.equals("gap")) {
            List<Long> words = shuffledWords(r);
            long[] p = new long[21];
            long[] a = new long[39];
            for (int i = 0; i < 20; i++) { p[i] = words.get(i); a[2 * i] = words.get(i); if (i < 19) a[2 * i + 1] = 6; }
            p[20] = 5;
            return new Ex("gap", p, a);
        }
        if (mode.equals("repeat")) {
            List<Long> words = shuffledWords(r);
            long[] p = new long[21];
            long[] a = new long[20];
            for (int i = 0; i < 20; i++) { p[i] = words.get(i); a[i] = words.get(i); }
            p[20] = 5;
            return new Ex("repeat", p, a);
        }
        List<Long> words = shuffledWords(r);
        long[] p = new long[23];
        for (int i = 0; i < 20; i++) p[i] = words.get(i);
        int q = 1 + r.nextInt(18);
        p[20] = 5; p[21] = p[q]; p[22] = 6;
        long answer = switch (mode) {
            case "after" -> p[q + 1];
            case "copy" -> p[q];
            case "first" -> p[0];
            default -> p[q - 1]; // recall
        };
        return new Ex("recall", p, new long[] {answer});
    }

    /** Mean next-token loss over answer tokens and EOS; if correct != null, fills per-example exact flags. */
    static NDArray loss(CausalLanguageModel lm, List<Ex> b, long eos, NDManager m, boolean[] correct) {
        return loss(lm, b, eos, m, correct, null);
    }

    /** As above; if colourInPrompt != null, also whether a colour answer's arg-max word occurs in its prompt. */
    static NDArray loss(CausalLanguageModel lm, List<Ex> b, long eos, NDManager m, boolean[] correct,
                        boolean[] colourInPrompt) {
        int longest = 0;
        for (Ex e : b) {
            longest = Math.max(longest, e.labels != null ? e.prompt.length : e.prompt.length + e.answer.length + 1);
        }
        int n = b.size();
        long[] ids = new long[n * longest];
        long[] mask = new long[n * longest];
        float[] weight = new float[n * longest];
        long[] target = new long[n * longest];
        for (int i = 0; i < n; i++) {
            Ex e = b.get(i);
            if (e.labels != null) {
                // a packed sequence: every labelled token is predicted from the position before it
                for (int j = 0; j < e.prompt.length; j++) {
                    ids[i * longest + j] = e.prompt[j];
                    mask[i * longest + j] = 1;
                    if (j > 0 && e.labels[j]) {
                        weight[i * longest + j - 1] = 1;
                        target[i * longest + j - 1] = e.prompt[j];
                    }
                }
                continue;
            }
            int p = e.prompt.length;
            int t = p + e.answer.length + 1;
            for (int j = 0; j < p; j++) ids[i * longest + j] = e.prompt[j];
            for (int j = 0; j < e.answer.length; j++) ids[i * longest + p + j] = e.answer[j];
            ids[i * longest + t - 1] = eos;
            for (int j = 0; j < t; j++) mask[i * longest + j] = 1;
            // position q predicts token q+1: labels are answer tokens and eos
            for (int j = p - 1; j < t - 1; j++) {
                weight[i * longest + j] = 1;
                target[i * longest + j] = ids[i * longest + j + 1];
            }
        }
        NDArray input = m.create(ids, new Shape(n, longest));
        NDArray states = lm.lastHiddenState(new LmInput(input, null, m.create(mask, new Shape(n, longest)), null,
                false, false), m); // [B, T, D]
        NDArray logits = lm.logits(states); // [B, T, V]
        NDArray logp = logits.logSoftmax(-1);
        NDArray tgt = m.create(target, new Shape(n, longest));
        NDArray picked = logp.gather(tgt.expandDims(-1), -1).squeeze(-1); // [B, T]
        NDArray w = m.create(weight, new Shape(n, longest));
        if (correct != null) {
            NDArray right = logits.argMax(-1).eq(tgt).toType(DataType.FLOAT32, false); // [B, T]
            float[] r = right.toFloatArray();
            for (int i = 0; i < n; i++) {
                boolean ok = true;
                for (int j = 0; j < longest; j++) if (weight[i * longest + j] > 0 && r[i * longest + j] < 0.5f) ok = false;
                correct[i] = ok;
                for (int j = 0; j < longest; j++) {
                    if (weight[i * longest + j] > 0) { labelsSeen++; if (r[i * longest + j] >= 0.5f) labelsRight++; }
                }
            }
            if (colourInPrompt != null) {
                float[] best = logits.argMax(-1).toType(DataType.FLOAT32, false).toFloatArray(); // [B * T]
                for (int i = 0; i < n; i++) {
                    Ex e = b.get(i);
                    // "The answer is X.": X is answer token 3, predicted at prompt length - 1 + 3
                    if (!e.type.equals("colour") || e.answer == null || e.answer.length < 4) continue;
                    long predicted = (long) best[i * longest + e.prompt.length - 1 + 3];
                    for (long t : e.prompt) if (t == predicted) colourInPrompt[i] = true;
                }
            }
        }
        return picked.mul(w).sum().neg().div(w.sum());
    }

    /** Labelled tokens scored and right in the current evaluation. */
    static long labelsSeen, labelsRight;

    static String evaluate(CausalLanguageModel lm, List<Ex> valEx, long eos) {
        labelsSeen = 0;
        labelsRight = 0;
        Map<String, int[]> byType = new TreeMap<>();
        int all = 0, right = 0, colours = 0, inPrompt = 0;
        for (int s = 0; s < valEx.size(); s += 32) {
            List<Ex> b = valEx.subList(s, Math.min(valEx.size(), s + 32));
            boolean[] ok = new boolean[b.size()];
            boolean[] seen = new boolean[b.size()];
            try (NDManager m = NDManager.newBaseManager(lm.device())) {
                loss(lm, b, eos, m, ok, seen);
            }
            for (int i = 0; i < b.size(); i++) {
                if (b.get(i).type.equals("colour")) {
                    colours++;
                    inPrompt += seen[i] ? 1 : 0;
                }
                int[] c = byType.computeIfAbsent(b.get(i).type, k -> new int[2]);
                c[1]++; all++;
                if (ok[i]) { c[0]++; right++; }
            }
        }
        StringBuilder sb = new StringBuilder(String.format("all %.3f", right / (double) all));
        byType.forEach((k, c) -> sb.append(String.format(" %s %.2f(%d)", k, c[0] / (double) c[1], c[1])));
        sb.append(String.format(" | labelled tokens right %.3f", labelsRight / (double) Math.max(1, labelsSeen)));
        if (colours > 0) sb.append(String.format(" | colour answer in the prompt %.2f", inPrompt / (double) colours));
        return sb.toString();
    }
}
