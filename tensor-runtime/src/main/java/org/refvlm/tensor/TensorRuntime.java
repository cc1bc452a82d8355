package org.refvlm.tensor;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The platform's tensor engine, initialised once and shared by all bundles.
 *
 * <p>Bundles never look DJL engines up themselves: engine discovery goes through the thread
 * context class loader, which inside OSGi belongs to whichever bundle happens to call first.
 * This service is registered only after the engine has been loaded and has computed.
 */
@ProviderType
public interface TensorRuntime {

    /** The device every model and decoder allocates on; it comes from configuration. */
    Device device();

    /** A new manager on {@link #device()}, to be closed by the caller. */
    NDManager newManager(String name);

    /** What engine runs, on which device, with which native library. */
    RuntimeInfo info();
}
