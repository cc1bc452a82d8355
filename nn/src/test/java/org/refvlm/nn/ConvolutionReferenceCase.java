package org.refvlm.nn;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One convolution case of {@code kit/conv2d.json} or {@code kit/conv_transpose2d.json}: channels
 * and {@link ConvOptions}.
 */
record ConvolutionReferenceCase(long in, long out, ConvOptions options) {

    static ConvolutionReferenceCase of(KitReference reference, String prefix) {
        JsonNode c = reference.config().get(prefix);
        ConvOptions options = ConvOptions.kernel(c.get("kernel").asInt()).stride(c.get("stride").asInt())
                .padding(c.get("padding").asInt()).dilation(c.get("dilation").asInt()).groups(c.get("groups").asInt());
        return new ConvolutionReferenceCase(c.get("in").asLong(), c.get("out").asLong(),
                c.get("bias").asBoolean() ? options : options.noBias());
    }
}
