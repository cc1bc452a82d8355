package org.refvlm.trainer.internal;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.DecodedUnit;
import org.refvlm.api.MaskUnit;
import org.refvlm.api.ReferredObject;
import org.refvlm.api.Request;
import org.refvlm.api.Response;
import org.refvlm.api.RgbImage;
import org.refvlm.api.TaskCommand;
import org.refvlm.api.model.GenerationOptions;
import org.refvlm.conformance.CaseResult;
import org.refvlm.conformance.Conformance;
import org.refvlm.core.pipeline.FixedDecoders;
import org.refvlm.core.pipeline.ModelFolder;
import org.refvlm.core.pipeline.RequestPipeline;
import org.refvlm.llm.GenerationConfigFile;
import org.refvlm.llm.LlamaModels;
import org.refvlm.nn.ConvolutionPath;
import org.refvlm.nn.NativeConvolutionCheck;
import org.refvlm.spi.DecoderFactory;
import org.refvlm.spi.TrainableDecoder;
import org.refvlm.spi.VisualUnitDecoder;
import org.refvlm.tensor.TensorRuntime;
import org.refvlm.training.TrainingResult;

/**
 * What {@code bin/refvlm selftest} checks on a device, the first thing to run on a new (GPU)
 * machine: the conformance fixtures (against the reference libraries' outputs, each case within
 * its manifest's tolerance), one request with a model (the same answer as on the CPU, boxes within
 * {@value #BOX_PIXELS} pixel, masks with IoU of at least {@value #MASK_IOU}), and three training
 * steps of a tiny model with both decoders (each loss within a relative {@value #LOSS_RELATIVE} of
 * the CPU's). The tolerances allow what a GPU legitimately changes: other summation orders, and
 * TF32 in cuDNN's convolutions (PyTorch's default on Ampere and later); on the CPU against itself
 * every difference is 0.
 */
final class SelfTest {

    static final double BOX_PIXELS = 1.0;
    static final double MASK_IOU = 0.98;
    static final double LOSS_RELATIVE = 1e-3;
    static final String PROMPT = "Find the yellow circle and give its bounding box.";
    private static final String RECIPE = "/selftest/tiny-recipe.json";

    /**
     * One row of the table.
     *
     * @param check      what was compared
     * @param reference  the reference's value (the CPU's, or the reference library's)
     * @param device     the tested device's value
     * @param difference how far apart, in the tolerance's unit
     * @param tolerance  what is allowed
     * @param passed     the verdict
     */
    record Check(String check, String reference, String device, String difference, String tolerance, boolean passed) {
    }

    private final TensorRuntime platform;
    private final Function<String, DecoderFactory> factories;
    private final Path work;

    /**
     * @param platform  the platform's tensor runtime (its engine computes on every device)
     * @param factories decoder factories by kind (the installed decoder bundles')
     * @param work      an empty folder for the training runs
     */
    SelfTest(TensorRuntime platform, Function<String, DecoderFactory> factories, Path work) {
        this.platform = platform;
        this.factories = factories;
        this.work = work;
    }

    /** Every check, in table order. */
    List<Check> run(Device device, Path model, Path fixtures) throws IOException {
        List<Check> checks = new ArrayList<>(convolution(device));
        checks.addAll(conformance(device, fixtures));
        checks.addAll(request(device, model));
        checks.addAll(training(device));
        return checks;
    }

    /**
     * How convolutions are computed on {@code device}, from {@link NativeConvolutionCheck}: the
     * engine's own, or matrix products where the engine's were found wrong. Informative, it always
     * passes, since the platform routes around a wrong engine; the conformance rows show the result.
     */
    List<Check> convolution(Device device) {
        try (NDManager m = new DeviceTensors(platform, device).newManager("selftest-convolution")) {
            NativeConvolutionCheck.Verdict v = NativeConvolutionCheck.of(m);
            String difference = v.checked()
                    ? String.format(Locale.ROOT, "%.1e / %.1e", v.denseDiff(), v.depthwiseDiff()) : "not checked";
            return List.of(new Check("convolution path (dense / depthwise)", "engine = matrix products",
                    pathName(v.dense()) + " / " + pathName(v.depthwise()), difference,
                    "engine if <= " + NativeConvolutionCheck.TOLERANCE, true));
        }
    }

    private static String pathName(ConvolutionPath path) {
        return path == ConvolutionPath.ENGINE ? "engine" : "matrix products";
    }

    /** Each fixture folder's cases on {@code device}, against the reference library's outputs. */
    List<Check> conformance(Device device, Path fixtures) throws IOException {
        if (!Files.isDirectory(fixtures)) {
            return List.of(new Check("conformance", "Python reference", "no folder " + fixtures, "-", "-", false));
        }
        List<Path> folders;
        try (Stream<Path> s = Files.list(fixtures)) {
            folders = s.filter(f -> Files.isRegularFile(f.resolve("manifest.json"))).sorted().toList();
        }
        if (folders.isEmpty()) {
            return List.of(new Check("conformance", "Python reference", "no fixture in " + fixtures, "-", "-", false));
        }
        List<Check> out = new ArrayList<>();
        for (Path folder : folders) {
            ByteArrayOutputStream problems = new ByteArrayOutputStream();
            List<CaseResult> results = new Conformance().runFolder(folder, device,
                    new PrintStream(problems, true, StandardCharsets.UTF_8));
            String name = "conformance " + folder.getFileName();
            if (results == null) {
                out.add(new Check(name, "Python reference", problems.toString(StandardCharsets.UTF_8).strip(), "-", "-", false));
                continue;
            }
            long passed = results.stream().filter(CaseResult::passed).count();
            double worst = results.stream().filter(r -> !r.exact()).mapToDouble(CaseResult::maxAbsDiff).max().orElse(0);
            String failing = results.stream().filter(r -> !r.passed()).map(CaseResult::name).findFirst()
                    .map(n -> ", first failing: " + n).orElse("");
            out.add(new Check(name, "Python reference", passed + "/" + results.size() + " cases" + failing,
                    String.format(Locale.ROOT, "%.1e", worst), "each case's atol", passed == results.size()));
        }
        return out;
    }

    /** The same request on the CPU and on {@code device}: the answer, then each referred object. */
    List<Check> request(Device device, Path model) throws IOException {
        Request request = Request.builder(RgbImage.of(SelfTestPicture.draw()), PROMPT)
                .task(TaskCommand.named("grounding_detection").orElseThrow()).build();
        long t0 = System.nanoTime();
        Response cpu = answer(Device.cpu(), model, request);
        long t1 = System.nanoTime();
        Response dev = answer(device, model, request);
        long t2 = System.nanoTime();
        List<Check> out = new ArrayList<>();
        out.add(new Check(String.format(Locale.ROOT, "request answer (%.1f s / %.1f s)", (t1 - t0) / 1e9, (t2 - t1) / 1e9),
                quoted(cpu.text()), cpu.text().equals(dev.text()) ? "the same" : quoted(dev.text()), "-", "identical",
                cpu.text().equals(dev.text())));
        int n = Math.max(cpu.objects().size(), dev.objects().size());
        for (int i = 0; i < n; i++) {
            Optional<ReferredObject> a = i < cpu.objects().size() ? Optional.of(cpu.objects().get(i)) : Optional.empty();
            Optional<ReferredObject> b = i < dev.objects().size() ? Optional.of(dev.objects().get(i)) : Optional.empty();
            out.add(compare("request object " + i, a, b));
        }
        return out;
    }

    private Response answer(Device device, Path model, Request request) throws IOException {
        ModelFolder description = ModelFolder.read(model).orElseThrow(() -> new IllegalArgumentException(
                model + " is not a model folder: it has no " + ModelFolder.FILE));
        try (ModelParts parts = ModelParts.load(model, device)) {
            Map<String, VisualUnitDecoder> decoders = new LinkedHashMap<>();
            for (ModelFolder.Decoder d : serving(description.decoders())) {
                TrainableDecoder decoder = factories.apply(d.kind()).load(model.resolve(d.path()), parts.manager());
                parts.decoders.add(d.unit(), d.kind(), decoder);   // closed with the parts
                decoders.put(d.unit(), decoder);
            }
            RequestPipeline pipeline = new RequestPipeline(
                    LlamaModels.asLanguageModel(description.name(), parts.lm, parts.tokenizer,
                            GenerationConfigFile.stopTokens(model.resolve("llm"))), parts.vit,
                    Optional.ofNullable(parts.pyramid), parts.projector, new FixedDecoders(decoders),
                    new DeviceTensors(platform, device), description.settings());
            return pipeline.answer(request, GenerationOptions.greedy(64));
        }
    }

    /**
     * The decoder that serves each unit when no administrator pins one: the highest service
     * ranking, the first listed among equals (a model may bring two for one unit, e.g. DETR and
     * Grounding DINO at ranking -1 for boxes).
     */
    static List<ModelFolder.Decoder> serving(List<ModelFolder.Decoder> listed) {
        Map<String, ModelFolder.Decoder> best = new LinkedHashMap<>();
        for (ModelFolder.Decoder d : listed) {
            best.merge(d.unit(), d, (kept, next) -> next.serviceRanking() > kept.serviceRanking() ? next : kept);
        }
        return List.copyOf(best.values());
    }

    private static Check compare(String name, Optional<ReferredObject> a, Optional<ReferredObject> b) {
        String ra = a.map(SelfTest::describe).orElse("(none)");
        String rb = b.map(SelfTest::describe).orElse("(none)");
        if (a.isEmpty() || b.isEmpty() || a.get().value() == null || b.get().value() == null) {
            boolean same = ra.equals(rb);
            return new Check(name, ra, same ? "the same" : rb, "-", "identical", same);
        }
        DecodedUnit x = a.get().value();
        DecodedUnit y = b.get().value();
        if (x instanceof BoxUnit p && y instanceof BoxUnit q) {
            double d = Math.max(Math.max(Math.abs(p.x0() - q.x0()), Math.abs(p.y0() - q.y0())),
                    Math.max(Math.abs(p.x1() - q.x1()), Math.abs(p.y1() - q.y1())));
            return new Check(name, ra, rb, String.format(Locale.ROOT, "%.2f px", d),
                    "<= " + BOX_PIXELS + " px", d <= BOX_PIXELS);
        }
        if (x instanceof MaskUnit p && y instanceof MaskUnit q) {
            double iou = iou(p.mask().decode(), q.mask().decode());
            return new Check(name, ra, rb, String.format(Locale.ROOT, "IoU %.4f", iou), "IoU >= " + MASK_IOU,
                    iou >= MASK_IOU);
        }
        boolean same = x.equals(y);
        return new Check(name, ra, same ? "the same" : rb, "-", "identical", same);
    }

    private static String describe(ReferredObject o) {
        if (o.value() == null) {
            return o.unit() + ": " + o.error();
        }
        if (o.value() instanceof BoxUnit b) {
            return String.format(Locale.ROOT, "box [%.1f, %.1f, %.1f, %.1f]", b.x0(), b.y0(), b.x1(), b.y1());
        }
        if (o.value() instanceof MaskUnit m) {
            return "mask of " + m.mask().area() + " px";
        }
        return o.unit();
    }

    private static double iou(boolean[] a, boolean[] b) {
        if (a.length != b.length) {
            return 0;
        }
        long inter = 0;
        long union = 0;
        for (int i = 0; i < a.length; i++) {
            inter += a[i] && b[i] ? 1 : 0;
            union += a[i] || b[i] ? 1 : 0;
        }
        return union == 0 ? 1 : (double) inter / union;
    }

    /** Three steps of a tiny stage-2 model (both decoders, no dropout) on the CPU and on {@code device}. */
    List<Check> training(Device device) throws IOException {
        Path recipe = work.resolve("tiny-recipe.json");
        try (InputStream in = SelfTest.class.getResourceAsStream(RECIPE)) {
            if (in == null) {
                throw new IllegalStateException("the self-test recipe " + RECIPE + " is missing from the trainer bundle");
            }
            Files.copy(in, recipe);
        }
        TrainingResult cpu = new TrainingRun(recipe, work.resolve("train-cpu"), Device.cpu(), factories).run(false);
        TrainingResult dev = new TrainingRun(recipe, work.resolve("train-device"), device, factories).run(false);
        List<Check> out = new ArrayList<>();
        for (int i = 0; i < cpu.losses().size(); i++) {
            double a = cpu.losses().get(i);
            double b = i < dev.losses().size() ? dev.losses().get(i) : Double.NaN;
            double relative = Math.abs(a - b) / Math.max(1.0, Math.abs(a));
            out.add(new Check("training step " + (i + 1) + " loss", String.format(Locale.ROOT, "%.6f", a),
                    String.format(Locale.ROOT, "%.6f", b), String.format(Locale.ROOT, "%.1e", relative),
                    "<= " + LOSS_RELATIVE + " relative", relative <= LOSS_RELATIVE));
        }
        return out;
    }

    private static String quoted(String s) {
        String one = s.replace("\n", "\\n");
        return "\"" + (one.length() > 38 ? one.substring(0, 35) + "..." : one) + "\"";
    }

    /** The table, one check per line, and the verdict. */
    static void print(List<Check> checks, PrintStream out) {
        String row = "%-34s %-40s %-40s %-11s %-20s %s%n";
        out.printf(Locale.ROOT, row, "check", "reference (CPU)", "device", "difference", "tolerance", "result");
        for (Check c : checks) {
            out.printf(Locale.ROOT, row, c.check(), c.reference(), c.device(), c.difference(), c.tolerance(),
                    c.passed() ? "PASS" : "FAIL");
        }
        long failed = checks.stream().filter(c -> !c.passed()).count();
        out.println(failed == 0 ? "all " + checks.size() + " checks passed"
                : failed + " of " + checks.size() + " checks FAILED");
    }
}
