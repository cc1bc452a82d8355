package org.refvlm.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.refvlm.api.ActiveDecoder;
import org.refvlm.api.DecodedUnit;
import org.refvlm.api.DecoderRegistry;
import org.refvlm.api.NoDecoderException;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.DecoderSpec;
import org.refvlm.spi.VisualUnitDecoder;

/**
 * The decoder registry while decoders come and go and units are pinned and unpinned from other
 * threads, as the router resolves (issue 23, item 16): every answer of {@code resolveActive} is a
 * decoder together with its own description, nothing throws but "no decoder", and the registry
 * ends consistent. The run is bounded (a few seconds).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DecoderRegistryConcurrencyIT {

    @Inject
    private BundleContext context;

    @Inject
    private DecoderRegistry registry;

    @Configuration
    public Option[] config() throws Exception {
        return PlatformOptions.platform("registry-concurrency");
    }

    /** A decoder that knows the name it was registered under. */
    private record Named(String name) implements VisualUnitDecoder {
        @Override
        public DecoderSpec spec() {
            return new DecoderSpec(4, 1, List.of(), false);
        }

        @Override
        public List<List<DecodedUnit>> decode(DecoderInput input) {
            return List.of(List.of());
        }
    }

    @Test
    public void resolvingStaysConsistentWhileDecodersComeGoAndArePinned() throws Exception {
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger resolved = new AtomicInteger();
        long end = System.currentTimeMillis() + 3_000;
        CountDownLatch done = new CountDownLatch(5);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int writer = w;
            threads.add(new Thread(() -> {
                Random random = new Random(writer);
                List<ServiceRegistration<VisualUnitDecoder>> mine = new ArrayList<>();
                try {
                    for (int k = 0; System.currentTimeMillis() < end; k++) {
                        if (mine.size() < 4 && random.nextBoolean()) {
                            String name = "w" + writer + "-" + k;
                            Hashtable<String, Object> p = new Hashtable<>();
                            p.put(VisualUnitDecoder.UNIT, "racebox");
                            p.put(VisualUnitDecoder.DECODER, name);
                            p.put(Constants.SERVICE_RANKING, random.nextInt(10));
                            mine.add(context.registerService(VisualUnitDecoder.class, new Named(name), p));
                        } else if (!mine.isEmpty()) {
                            mine.remove(random.nextInt(mine.size())).unregister();
                        }
                    }
                } catch (RuntimeException e) {
                    problems.add("writer: " + e);
                } finally {
                    mine.forEach(ServiceRegistration::unregister);
                    done.countDown();
                }
            }));
        }
        threads.add(new Thread(() -> {
            Random random = new Random(7);
            try {
                while (System.currentTimeMillis() < end) {
                    List<String> running = registry.decoders().stream().filter(d -> d.unit().equals("racebox"))
                            .map(d -> d.decoder()).toList();
                    try {
                        if (!running.isEmpty() && random.nextBoolean()) {
                            registry.pin("racebox", running.get(random.nextInt(running.size())));
                        } else {
                            registry.unpin("racebox");
                        }
                    } catch (IllegalArgumentException gone) {
                        // the decoder left between the listing and the pin: refused, as it should be
                    }
                    Thread.sleep(2);
                }
            } catch (RuntimeException | InterruptedException e) {
                problems.add("pinner: " + e);
            } finally {
                done.countDown();
            }
        }));
        for (int r = 0; r < 2; r++) {
            threads.add(new Thread(() -> {
                try {
                    while (System.currentTimeMillis() < end) {
                        try {
                            ActiveDecoder a = registry.resolveActive("racebox");
                            String served = ((Named) a.decoder()).name();
                            if (!served.equals(a.info().decoder())) {
                                problems.add("resolved decoder " + served + " described as " + a.info().decoder());
                            }
                            resolved.incrementAndGet();
                        } catch (NoDecoderException none) {
                            // between decoders: a clear answer
                        }
                    }
                } catch (RuntimeException e) {
                    problems.add("reader: " + e);
                } finally {
                    done.countDown();
                }
            }));
        }
        threads.forEach(Thread::start);
        assertTrue("the threads did not finish", done.await(30, TimeUnit.SECONDS));
        registry.unpin("racebox");
        assertEquals(List.of(), problems);
        assertTrue("the readers resolved nothing: " + resolved.get(), resolved.get() > 100);
        assertTrue(registry.decoders().stream().noneMatch(d -> d.unit().equals("racebox")));
    }
}
