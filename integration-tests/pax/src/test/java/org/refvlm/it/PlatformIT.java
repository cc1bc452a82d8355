package org.refvlm.it;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.refvlm.api.DecoderRegistry;
import org.refvlm.tensor.TensorRuntime;

/** The assembled runtime starts completely, and its tensor engine really computes inside it. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class) // DJL natives bind to one class loader per JVM: one framework per class
public class PlatformIT {

    @Inject
    private BundleContext context;

    @Inject
    private DecoderRegistry registry;

    @Inject
    private TensorRuntime tensors;

    @Configuration
    public Option[] config() throws Exception {
        return PlatformOptions.platform("platform");
    }

    @Test
    public void everyRuntimeBundleResolvesAndStarts() {
        List<String> notActive = new ArrayList<>();
        int runtimeBundles = 0;
        for (Bundle b : context.getBundles()) {
            if (b.getLocation().contains("/refvlm/bundle/")) {
                runtimeBundles++;
                if (b.getState() != Bundle.ACTIVE) {
                    notActive.add(b.getSymbolicName() + " state " + b.getState());
                }
            }
        }
        assertTrue("no runtime bundle was provisioned", runtimeBundles >= 20);
        assertEquals("bundles not active: " + notActive, List.of(), notActive);
    }

    @Test
    public void shellCommandsAreRegistered() throws Exception {
        ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(osgi.command.scope=refvlm)");
        assertNotNull("no refvlm shell command is registered", refs);
        List<String> functions = new ArrayList<>();
        for (ServiceReference<?> r : refs) {
            Object f = r.getProperty("osgi.command.function");
            if (f instanceof String[] a) {
                functions.addAll(List.of(a));
            } else {
                functions.add(String.valueOf(f));
            }
        }
        assertTrue(functions.toString(), functions.containsAll(List.of("decoders", "pin", "unpin", "status")));
    }

    @Test
    public void noProductDecoderPretendsToWork() {
        // Every product decoder bundle is a real decoder now (sam was the last placeholder): each
        // registers its factory whenever it runs, while a decoder service appears only once a
        // trained folder is configured, so no decoder serves without a model.
        List<String> problems = new ArrayList<>();
        for (String name : List.of("detr", "maskformer", "keypoint", "depth", "groundingdino", "sam")) {
            Bundle b = bundle("org.refvlm.decoder." + name);
            if (b == null || b.getRegisteredServices() == null) {
                problems.add(name + ": a real decoder bundle registers no service");
                continue;
            }
            String description = b.getHeaders().get(Constants.BUNDLE_DESCRIPTION);
            if (description != null && description.startsWith("Placeholder")) {
                problems.add(name + ": registers services but its description says it is a placeholder");
            }
        }
        assertEquals(List.of(), problems);
        assertEquals("no decoder serves without a model configured", List.of(), registry.decoders());
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    @Test
    public void tensorEngineIsPyTorchOnTheConfiguredDevice() {
        assertEquals("PyTorch", tensors.info().engine());
        assertEquals(tensors.device().toString(), tensors.info().device());
        assertEquals(Engine.getEngine("PyTorch").getVersion(), tensors.info().version());
        assertEquals("org.refvlm.tensor.runtime",
                context.getServiceReference(TensorRuntime.class).getBundle().getHeaders().get(Constants.BUNDLE_SYMBOLICNAME));
    }

    @Test
    public void matrixProductMatchesPlainJava() {
        int n = 48;
        Random random = new Random(7);
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextGaussian();
            b[i] = (float) random.nextGaussian();
        }
        float[] expected = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                for (int j = 0; j < n; j++) {
                    expected[i * n + j] += a[i * n + k] * b[k * n + j];
                }
            }
        }
        try (NDManager m = tensors.newManager("matmul-test")) {
            float[] actual = m.create(a, new Shape(n, n)).matMul(m.create(b, new Shape(n, n))).toFloatArray();
            assertArrayEquals(expected, actual, 1e-4f);
        }
    }

    /** One gradient step of least squares: the gradient is 2 X^T (Xw - y) / n, and the loss drops. */
    @Test
    public void oneAutogradStepMatchesTheAnalyticGradient() {
        try (NDManager m = tensors.newManager("autograd-test")) {
            NDArray x = m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(3, 2));
            NDArray y = m.create(new float[] {1, 0, 2}, new Shape(3, 1));
            NDArray w = m.create(new float[] {0.5f, -0.25f}, new Shape(2, 1));
            w.setRequiresGradient(true);
            float before;
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray loss = x.matMul(w).sub(y).pow(2).mean();
                before = loss.getFloat();
                gc.backward(loss);
            }
            NDArray analytic = x.transpose().matMul(x.matMul(w).sub(y)).mul(2f / 3);
            assertArrayEquals(analytic.toFloatArray(), w.getGradient().toFloatArray(), 1e-5f);
            NDArray stepped = w.sub(w.getGradient().mul(0.01f));
            float after = x.matMul(stepped).sub(y).pow(2).mean().getFloat();
            assertTrue("loss " + before + " did not drop after a gradient step: " + after, after < before);
        }
    }
}
