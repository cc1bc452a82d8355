package org.refvlm.decoder.depth.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.refvlm.nn.Init;
import org.refvlm.nn.Linear;
import org.refvlm.nn.Parameters;

/**
 * Feature-wise linear modulation (FiLM, Perez et al. 2018) of a feature map by a query:
 * {@code x * (1 + gamma(q)) + beta(q)} per channel, with {@code [gamma, beta]} one linear map of the
 * query ({@code <prefix>.weight [2C, d]}, {@code <prefix>.bias [2C]}).
 *
 * <p>Both start at zero (as DiT's adaLN-Zero does), so an untrained decoder is the plain FPN and a
 * query the network has not learnt to read yet cannot scramble its features; the gradient of the
 * weight is the query times the gradient of gamma and beta, so the modulation still learns.
 */
final class Film {

    private final Parameters params;
    private final String weight;
    private final String bias;
    private final long channels;

    Film(Parameters params, String prefix, long queryDim, long channels) {
        this.params = params;
        this.weight = Parameters.join(prefix, "weight");
        this.bias = Parameters.join(prefix, "bias");
        this.channels = channels;
        params.declare(weight, new Shape(2 * channels, queryDim), Init.zeros());
        params.declare(bias, new Shape(2 * channels), Init.zeros());
    }

    /**
     * @param x [K, C, H, W] one feature map per query
     * @param q [K, d] the queries
     * @return [K, C, H, W]
     */
    NDArray forward(NDArray x, NDArray q) {
        long k = q.getShape().get(0);
        NDArray both = Linear.apply(q, params.get(weight), params.get(bias));               // [K, 2C]
        NDArray gamma = both.get(":, :" + channels).reshape(k, channels, 1, 1);              // [K, C, 1, 1]
        NDArray beta = both.get(":, " + channels + ":").reshape(k, channels, 1, 1);          // [K, C, 1, 1]
        return x.add(x.mul(gamma)).add(beta);
    }
}
