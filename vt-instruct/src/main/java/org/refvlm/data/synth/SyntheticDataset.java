package org.refvlm.data.synth;

import org.refvlm.data.Placeholders;
import org.refvlm.data.Sample;
import org.refvlm.data.SampleWriter;
import org.refvlm.data.TaskType;
import org.refvlm.data.Turn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Generates a synthetic VT-Instruct folder: {@code samples.jsonl}, {@code images/*.png}, {@code depth/*.png}.
 * Sample i uses task {@code tasks[i % tasks.size()]} and scene {@code i / samplesPerScene}; each scene and each
 * sample has its own derived seed, so the output depends only on the options.
 */
public final class SyntheticDataset {
    public static final String SAMPLES_FILE = "samples.jsonl";
    private static final Logger LOG = LoggerFactory.getLogger(SyntheticDataset.class);

    private final SynthOptions options;
    private final SceneGenerator scenes;
    private final SynthSampleFactory factory;
    private final boolean describeScenes;

    public SyntheticDataset(SynthOptions options) {
        this(options, false);
    }

    private SyntheticDataset(SynthOptions options, boolean describeScenes) {
        this.options = options;
        this.scenes = new SceneGenerator(options.scene());
        this.factory = new SynthSampleFactory(options.taskBlock());
        this.describeScenes = describeScenes;
    }

    /**
     * The same samples with every turn's prompt starting with the scene in words
     * ({@link CaptionWriter#inventory}), after the {@code <image>} placeholder in the first turn: what
     * a training curriculum's {@code describeScene} gives the language model, so that a model can
     * be asked with the answer in its prompt.
     */
    public SyntheticDataset describingScenes() {
        return new SyntheticDataset(options, true);
    }

    /** Sample number index, built in memory (scene included) without touching the disk. */
    public Sample sample(long index) {
        return generate(index).sample();
    }

    /** A sample with the scene it shows: what a trainer needs to use synthetic data without files. */
    public record Generated(Sample sample, Scene scene) {
    }

    /** Sample number index and its scene, built in memory; the same as {@link #writeTo} would write. */
    public Generated generate(long index) {
        long sceneIndex = index / options.samplesPerScene();
        Scene scene = scenes.generate(Seeds.sceneSeed(options.seed(), options.split(), sceneIndex));
        return new Generated(sample(index, sceneIndex, scene), scene);
    }

    private Sample sample(long index, long sceneIndex, Scene scene) {
        TaskType task = options.tasks().get((int) (index % options.tasks().size()));
        SplittableRandom rnd = new SplittableRandom(Seeds.sampleSeed(scene.seed(), index));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("split", options.split().word());
        meta.put("seed", Long.toString(options.seed()));
        meta.put("scene", Long.toString(sceneIndex));
        meta.put("scene_seed", Long.toHexString(scene.seed()));
        Sample sample = factory.build(task, scene, files(sceneIndex), String.format("synth-%s-%d-%07d", options.split().word(), options.seed(), index), rnd, meta);
        return describeScenes ? described(sample, CaptionWriter.inventory(scene)) : sample;
    }

    private static Sample described(Sample s, String words) {
        List<Turn> turns = new ArrayList<>();
        for (Turn t : s.turns()) {
            String user = t.user().startsWith(Placeholders.IMAGE) ? Placeholders.IMAGE + words + " " + t.user().substring(Placeholders.IMAGE.length())
                    : words + " " + t.user();
            turns.add(new Turn(t.hint(), user, t.prompts(), t.answer(), t.groups()));
        }
        return new Sample(s.id(), s.source(), s.task(), s.image(), s.targets(), s.prompts(), turns, s.meta());
    }

    public SceneFiles files(long sceneIndex) {
        String stem = String.format("%s-%06d", options.split().word(), sceneIndex);
        return new SceneFiles("images/" + stem + ".png", "depth/" + stem + ".png");
    }

    /**
     * Writes everything into folder; progress receives the number of samples written so far. Scenes are
     * generated and their pictures written on worker threads, a few scenes ahead; samples are built and written
     * in index order on the calling thread, so the output is the same whatever the number of threads.
     */
    public SynthReport writeTo(Path folder, LongConsumer progress) throws IOException {
        Files.createDirectories(folder.resolve("images"));
        long start = System.nanoTime();
        Map<TaskType, Long> perTask = new EnumMap<>(TaskType.class);
        long sceneCount = sceneCount();
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "synth-scene");
            t.setDaemon(true);
            return t;
        });
        Deque<Future<Scene>> ahead = new ArrayDeque<>();
        ThreadMXBean cpuClockBean = ManagementFactory.getThreadMXBean();
        boolean cpuClock = cpuClockBean.isCurrentThreadCpuTimeSupported();
        long mainCpuStart = cpuClock ? cpuClockBean.getCurrentThreadCpuTime() : 0;
        AtomicLong workerCpu = new AtomicLong();
        long submitted = 0;
        try (SampleWriter out = SampleWriter.create(folder.resolve(SAMPLES_FILE))) {
            for (long sceneIndex = 0; sceneIndex < sceneCount; sceneIndex++) {
                while (submitted < sceneCount && ahead.size() < 3 * threads) {
                    long k = submitted++;
                    ahead.add(pool.submit(() -> {
                        long c0 = cpuClock ? cpuClockBean.getCurrentThreadCpuTime() : 0;
                        Scene sc = renderScene(folder, k);
                        if (cpuClock) {
                            workerCpu.addAndGet(cpuClockBean.getCurrentThreadCpuTime() - c0);
                        }
                        return sc;
                    }));
                }
                Scene scene = await(ahead.poll());
                long i = sceneIndex * options.samplesPerScene();
                for (Sample s : samplesOf(sceneIndex, scene)) {
                    out.write(s);
                    perTask.merge(s.task(), 1L, Long::sum);
                    if (progress != null) {
                        progress.accept(++i);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        long cpu = cpuClock ? cpuClockBean.getCurrentThreadCpuTime() - mainCpuStart + workerCpu.get() : -1;
        SynthReport report = new SynthReport(options.count(), sceneCount, perTask, System.nanoTime() - start, cpu);
        LOG.info("wrote {} samples from {} scenes to {} at {} samples/s", report.samples(), report.scenes(), folder,
                String.format("%.0f", report.samplesPerSecond()));
        return report;
    }

    /** How many scene pictures the options' samples show. */
    public long sceneCount() {
        return (options.count() + options.samplesPerScene() - 1) / options.samplesPerScene();
    }

    /** The samples that show scene sceneIndex, in index order: what {@link #writeTo} writes for it. */
    public List<Sample> samplesOf(long sceneIndex, Scene scene) {
        long first = sceneIndex * options.samplesPerScene();
        long end = Math.min(options.count(), first + options.samplesPerScene());
        List<Sample> samples = new ArrayList<>((int) (end - first));
        for (long i = first; i < end; i++) {
            samples.add(sample(i, sceneIndex, scene));
        }
        return samples;
    }

    /**
     * Generates scene sceneIndex and writes its picture under folder, and its depth map if one of its samples
     * is a depth sample; each file as {@link #writeTo} writes it, so scenes may be rendered anywhere, in any order.
     */
    public Scene renderScene(Path folder, long sceneIndex) throws IOException {
        Scene scene = scenes.generate(Seeds.sceneSeed(options.seed(), options.split(), sceneIndex));
        SceneFiles f = files(sceneIndex);
        ScenePng.writeRgb(folder.resolve(f.imagePath()), scene.rgb(), scene.width(), scene.height());
        long first = sceneIndex * options.samplesPerScene();
        long end = Math.min(options.count(), first + options.samplesPerScene());
        for (long i = first; i < end; i++) {
            if (options.tasks().get((int) (i % options.tasks().size())) == TaskType.DEPTH) {
                Files.createDirectories(folder.resolve("depth"));
                ScenePng.writeDepth(folder.resolve(f.depthPath()), scene.depth(), scene.width(), scene.height(),
                        SynthSampleFactory.DEPTH_UNITS_PER_METRE);
                break;
            }
        }
        scene.rleMasks();
        return scene;
    }

    private static Scene await(Future<Scene> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(c);
        }
    }
}
