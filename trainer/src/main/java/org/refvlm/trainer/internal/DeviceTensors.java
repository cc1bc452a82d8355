package org.refvlm.trainer.internal;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import org.refvlm.tensor.RuntimeInfo;
import org.refvlm.tensor.TensorRuntime;

/**
 * The platform's tensor runtime narrowed to another device: managers on {@code device} of the
 * engine the tensor runtime bundle loaded. A libtorch built for CUDA computes on the CPU as well,
 * so one process can run the same work on both devices and compare.
 */
final class DeviceTensors implements TensorRuntime {

    private final TensorRuntime platform;
    private final Device device;

    DeviceTensors(TensorRuntime platform, Device device) {
        this.platform = platform;
        this.device = device;
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public NDManager newManager(String name) {
        NDManager m = Engine.getEngine("PyTorch").newBaseManager(device);
        m.setName(name);
        return m;
    }

    @Override
    public RuntimeInfo info() {
        return platform.info();
    }
}
