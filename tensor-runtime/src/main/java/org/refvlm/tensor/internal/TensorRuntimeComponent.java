package org.refvlm.tensor.internal;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.LibUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.refvlm.tensor.Devices;
import org.refvlm.tensor.LibtorchBuild;
import org.refvlm.tensor.RuntimeInfo;
import org.refvlm.tensor.TensorRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the PyTorch engine eagerly, with this bundle's class loader as context loader, and
 * registers {@link TensorRuntime} only once a real computation on the configured device worked.
 */
@Component(
        service = TensorRuntime.class,
        immediate = true,
        configurationPid = TensorRuntimeComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = TensorRuntimeConfig.class)
public final class TensorRuntimeComponent implements TensorRuntime {

    static final String PID = "org.refvlm.tensor";
    private static final Logger LOG = LoggerFactory.getLogger(TensorRuntimeComponent.class);

    private Engine engine;
    private Device device;
    private NDManager root;
    private int intraOpThreads;
    private boolean tokenizers;
    private String libtorch;
    private CudaProbe cuda;  // null unless a CUDA libtorch is loaded

    @Activate
    void activate(TensorRuntimeConfig config) {
        // DJL finds engines through ServiceLoader on the context class loader, and caches a
        // failure for that loader: it must be ours, and it must be set before the first lookup.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(TensorRuntimeComponent.class.getClassLoader());
        try {
            start(config);
        } catch (RuntimeException | Error e) {
            // SCR reports activation failures on the console at best; the platform log must say why.
            LOG.error("tensor runtime failed to start; no model or decoder can compute", e);
            throw e;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private void start(TensorRuntimeConfig config) {
        System.setProperty("ai.djl.offline", "true");
        intraOpThreads = config.intraOpThreads();
        if (intraOpThreads > 0) {
            // read by the PyTorch engine when it is created, so it must be set before
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(intraOpThreads));
        }
        String property = System.getProperty("refvlm.device");
        device = Devices.parse(Optional.ofNullable(property).orElse(config.device()));
        String deviceSetting = property != null ? "REFVLM_DEVICE=" + property
                : "the configured device '" + config.device() + "'";
        NativeSetup setup = NativeSetup.from(System.getenv(), System.getProperty("refvlm.libtorch"), jniVersion());
        // Checked before loading: a JNI library and a libtorch of different versions crash late.
        Optional<LibtorchBuild> build = setup.checkBeforeLoading(device, deviceSetting);
        Engine.getAllEngines(); // forces discovery under our loader
        try {
            engine = Engine.getEngine("PyTorch");
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("the PyTorch library in " + setup.folder().map(Path::toString)
                    .orElse("DJL's engine cache") + " did not load: " + rootMessage(e), e);
        }
        libtorch = build.map(LibtorchBuild::label).orElseGet(this::loadedBuild);
        if (device.isGpu() || build.flatMap(LibtorchBuild::cuda).isPresent()) {
            cuda = CudaProbe.open(Path.of(LibUtils.getLibtorchPath()));
            setup.checkDevice(device, deviceSetting, engine.hasCapability(StandardCapabilities.CUDA), cuda.deviceCount());
        }
        root = engine.newBaseManager(device);
        selfTest();
        tokenizers = loadTokenizers();
        LOG.info("tensor runtime ready: {} {} ({}) on {}", engine.getEngineName(), engine.getVersion(), libtorch, device);
    }

    /** The PyTorch version the engine's JNI library is built for, from the engine's own properties. */
    private static String jniVersion() {
        try (InputStream in = TensorRuntimeComponent.class.getResourceAsStream("/pytorch-engine.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("pytorch_version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The build of the folder DJL found by itself (its engine cache), or just its version. */
    private String loadedBuild() {
        try {
            return LibtorchBuild.inspect(Path.of(LibUtils.getLibtorchPath())).label();
        } catch (RuntimeException e) {
            return engine.getVersion();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /**
     * DJL's tokenizers library finds its native part through the context class loader too, the
     * first time any tokenizer is made; made here, it binds to this bundle once and for all.
     */
    private static boolean loadTokenizers() {
        try {
            ai.djl.huggingface.tokenizers.jni.LibUtils.checkStatus();
            return true;
        } catch (RuntimeException | LinkageError e) {
            LOG.error("the tokenizers native library did not load: text tokenizers will not work", e);
            return false;
        }
    }

    /** A 2x2 product on the configured device, so a broken native setup fails here, loudly (and its read-back is the one host copy this check needs). */
    private void selfTest() {
        try (NDManager m = root.newSubManager()) {
            NDArray a = m.create(new float[] {1, 2, 3, 4}, new Shape(2, 2));
            float[] product = a.matMul(a).toFloatArray();
            if (product[0] != 7f || product[3] != 22f) {
                throw new IllegalStateException("engine self-test computed a wrong matrix product");
            }
        }
    }

    @Deactivate
    void deactivate() {
        if (root != null) {
            root.close();
        }
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public NDManager newManager(String name) {
        NDManager m = root.newSubManager(device);
        m.setName(name);
        return m;
    }

    @Override
    public RuntimeInfo info() {
        return new RuntimeInfo(
                engine.getEngineName(),
                engine.getVersion(),
                Engine.getDjlVersion(),
                device.toString(),
                cuda == null ? 0 : cuda.deviceCount().count(),
                intraOpThreads,
                tokenizers,
                LibUtils.getLibtorchPath(),
                libtorch,
                device.isGpu() && cuda != null ? Optional.of(cuda.info(device.getDeviceId())) : Optional.empty());
    }
}
