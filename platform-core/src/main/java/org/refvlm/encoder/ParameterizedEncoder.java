package org.refvlm.encoder;

import ai.djl.Device;
import org.refvlm.nn.Parameters;

/**
 * The part every encoder shares: its weights in one {@link Parameters} on one device, frozen
 * until a recipe unfreezes them, released on close.
 */
public abstract class ParameterizedEncoder implements VisionEncoder {

    protected final Parameters params;
    private volatile boolean trainable;

    protected ParameterizedEncoder(Parameters params) {
        this.params = params;
    }

    @Override
    public Device device() {
        return params.manager().getDevice();
    }

    @Override
    public Parameters parameters() {
        return params;
    }

    @Override
    public void setTrainable(boolean train) {
        params.setTrainable("", train);
        trainable = train;
    }

    @Override
    public boolean isTrainable() {
        return trainable;
    }

    @Override
    public void close() {
        params.close();
    }
}
