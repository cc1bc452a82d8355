package org.refvlm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.refvlm.tensor.safetensors.SafetensorsFile;
import org.refvlm.tensor.safetensors.SafetensorsWriter;
import org.refvlm.tensor.safetensors.TensorSource;
import org.refvlm.tensor.safetensors.WeightLoader;

/**
 * A model's parameters by name, all owned by one manager (whose device is the model's device).
 * Layers {@link #declare} what they need when they are built and look their arrays up by name at
 * every forward, so this table is the one place that holds weights: for saving, loading, the
 * trainer and freezing.
 *
 * <p>Declaring creates the parameter from its {@link Init}, with a generator seeded by the
 * holder's seed and the parameter's name (the same seed gives the same values, whatever else is
 * declared); when the name is already present (a checkpoint was {@link #put} first), declaring
 * only checks the shape. Parameters start frozen: {@link #setTrainable} switches
 * {@code requiresGradient} by name prefix, which is how recipes freeze one part and train another.
 *
 * <p>{@link #load} works in place: the arrays keep their identity and gradient flags, so a
 * trainer holding {@link #asMap()} stays valid. Reading ({@link #get}) may happen from many
 * threads; declaring, putting and loading must not run concurrently with anything else.
 */
public final class Parameters implements AutoCloseable {

    private static final NDIndex ALL = new NDIndex("...");

    private final NDManager manager;
    private final long seed;
    private final Map<String, NDArray> arrays = new LinkedHashMap<>();

    /** An empty holder whose declared parameters are drawn from {@code seed}. */
    public Parameters(NDManager manager, long seed) {
        this.manager = manager;
        this.seed = seed;
    }

    /** An empty holder for parameters that come from a checkpoint ({@link #put}); declaring draws from seed 0. */
    public Parameters(NDManager manager) {
        this(manager, 0);
    }

    /** {@code prefix.name}, or {@code name} alone for an empty prefix. */
    public static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    /** The manager owning every parameter. */
    public NDManager manager() {
        return manager;
    }

    /**
     * The parameter {@code name}: created with {@code init} if absent, else checked to have
     * {@code shape}.
     *
     * @throws IllegalStateException naming the parameter when a present one has another shape
     */
    public synchronized NDArray declare(String name, Shape shape, Init init) {
        NDArray present = arrays.get(name);
        if (present != null) {
            if (!present.getShape().equals(shape)) {
                throw new IllegalStateException("parameter '" + name + "' is " + present.getShape()
                        + " but the layer declares " + shape);
            }
            return present;
        }
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + nameHash(name));
        NDArray array = Constants.of(manager, init.values(shape, random), shape);
        array.setName(name);
        arrays.put(name, array);
        return array;
    }

    /** The parameter {@code name}; an error naming it when absent. */
    public NDArray get(String name) {
        NDArray a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no parameter '" + name + "'");
        }
        return a;
    }

    /** The parameter, or null when absent (an optional bias). */
    public NDArray find(String name) {
        return arrays.get(name);
    }

    public boolean contains(String name) {
        return arrays.containsKey(name);
    }

    /**
     * Adopts {@code array} as parameter {@code name} (attaching it to this holder's manager),
     * replacing and closing any earlier one; a replaced trainable parameter stays trainable.
     */
    public synchronized void put(String name, NDArray array) {
        array.attach(manager);
        array.setName(name);
        NDArray old = arrays.put(name, array);
        if (old != null && old != array) {
            if (old.hasGradient()) {
                array.setRequiresGradient(true);
            }
            old.close();
        }
    }

    /** Read-only view, in declaration order. */
    public Map<String, NDArray> asMap() {
        return Collections.unmodifiableMap(arrays);
    }

    /** Name to shape, in declaration order: what a checkpoint must hold. */
    public Map<String, Shape> shapes() {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        arrays.forEach((name, array) -> shapes.put(name, array.getShape()));
        return shapes;
    }

    /**
     * Marks every parameter whose name starts with {@code prefix} ("" = all) trainable or frozen.
     *
     * @return how many parameters the prefix matched
     */
    public synchronized int setTrainable(String prefix, boolean train) {
        int n = 0;
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                if (e.getValue().hasGradient() != train) {
                    e.getValue().setRequiresGradient(train);
                }
                n++;
            }
        }
        return n;
    }

    public boolean isTrainable(String name) {
        return get(name).hasGradient();
    }

    /** Names of the trainable parameters, in declaration order. */
    public List<String> trainableNames() {
        List<String> names = new ArrayList<>();
        arrays.forEach((name, array) -> {
            if (array.hasGradient()) {
                names.add(name);
            }
        });
        return names;
    }

    /** Total number of scalar parameters. */
    public long count() {
        long n = 0;
        for (NDArray a : arrays.values()) {
            n += a.size();
        }
        return n;
    }

    /** Writes every parameter to a safetensors file, atomically. */
    public void save(Path file, Map<String, String> metadata) throws IOException {
        SafetensorsWriter.write(file, arrays, metadata);
    }

    /**
     * Reads every parameter from a file {@link #save} wrote, in place. All names and shapes are
     * checked before any value is read, and every mismatch is reported at once; on failure no
     * parameter changes.
     *
     * @param what a phrase naming the model in messages, e.g. "DETR box decoder"
     */
    public void load(Path file, String what) throws IOException {
        load(file, WeightLoader.strict(what), UnaryOperator.identity());
    }

    /**
     * As {@link #load(Path, String)}, with the file's names first passed through {@code rename}:
     * a converter from a model's older parameter names to its current ones.
     */
    public void load(Path file, WeightLoader loader, UnaryOperator<String> rename) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(file);
             TensorSource source = RenamedTensors.of(f, rename)) {
            load(source, loader);
        }
    }

    /** Reads every parameter from {@code source} in place, after {@code loader} checked all names and shapes. */
    public synchronized void load(TensorSource source, WeightLoader loader) throws IOException {
        Map<String, Shape> expected = shapes();
        try (NDManager scope = manager.newSubManager()) {
            Map<String, NDArray> loaded = loader.load(source, expected, scope);
            for (Map.Entry<String, NDArray> e : loaded.entrySet()) {
                NDArray target = arrays.get(e.getKey());
                NDArray value = e.getValue().getDataType() == target.getDataType() ? e.getValue()
                        : e.getValue().toType(target.getDataType(), false);
                // Written into the storage through a detached alias: the parameter keeps its
                // identity and requires-grad flag, and the copy is never recorded by autograd.
                try (NDArray alias = target.stopGradient()) {
                    alias.set(ALL, value);
                }
            }
        }
    }

    /**
     * Casts every floating parameter to {@code type} (e.g. FLOAT16 for half-precision inference),
     * replacing the arrays (a trainer must fetch {@link #asMap()} again); trainable ones stay trainable.
     */
    public synchronized void castTo(DataType type) {
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            NDArray a = e.getValue();
            if (a.getDataType().isFloating() && a.getDataType() != type) {
                boolean trainable = a.hasGradient();
                NDArray cast;
                try (NDArray frozen = a.stopGradient()) {
                    cast = frozen.toType(type, false);
                }
                cast.setName(e.getKey());
                cast.attach(manager);
                if (trainable) {
                    cast.setRequiresGradient(true);
                }
                e.setValue(cast);
                a.close();
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }

    /** A 64-bit FNV-1a hash: String.hashCode's 32 bits collide too easily across many names. */
    private static long nameHash(String name) {
        long h = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
