package org.refvlm.tensor.internal;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.refvlm.tensor.Devices;
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
        Engine.getAllEngines(); // forces discovery under our loader
        engine = Engine.getEngine("PyTorch");
        device = Devices.parse(Optional.ofNullable(System.getProperty("refvlm.device"))
                .orElse(config.device()));
        if (device.isGpu() && device.getDeviceId() >= engine.getGpuCount()) {
            throw new IllegalStateException("device " + device + " requested but the engine sees "
                    + engine.getGpuCount() + " GPU(s)");
        }
        root = engine.newBaseManager(device);
        selfTest();
        tokenizers = loadTokenizers();
        LOG.info("tensor runtime ready: {} {} on {}", engine.getEngineName(), engine.getVersion(), device);
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

    /** A 2x2 product on the configured device, so a broken native setup fails here, loudly. */
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
                engine.getGpuCount(),
                intraOpThreads,
                tokenizers,
                Optional.ofNullable(System.getenv("ENGINE_CACHE_DIR")).orElse("(DJL default cache)"));
    }
}
