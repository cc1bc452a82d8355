/**
 * The layer kit: what every refvlm model and decoder is built from, in the style of nanoGPT's
 * {@code model.py} (small blocks, parameters looked up by name) on DJL's tensor operations.
 *
 * <ul>
 * <li>{@link org.refvlm.nn.Parameters}: one holder of a model's named parameters, with seeded
 * per-name initialisation ({@link org.refvlm.nn.Init}), freezing by prefix, and strict safetensors
 * save and load that checks every name and shape and loads in place.</li>
 * <li>Layers, each declaring its parameters under a prefix when built and reading them at every
 * forward: {@link org.refvlm.nn.Linear}, {@link org.refvlm.nn.Embedding},
 * {@link org.refvlm.nn.LayerNorm}, {@link org.refvlm.nn.GroupNorm}, {@link org.refvlm.nn.RmsNorm},
 * {@link org.refvlm.nn.Dropout}, {@link org.refvlm.nn.Conv2d}, {@link org.refvlm.nn.ConvTranspose2d},
 * {@link org.refvlm.nn.MultiHeadAttention} (one masking contract: {@link org.refvlm.nn.AttentionMask}),
 * {@link org.refvlm.nn.TransformerEncoderLayer} and {@link org.refvlm.nn.TransformerDecoderLayer}
 * (pre- or post-norm, {@link org.refvlm.nn.TransformerLayerConfig}), {@link org.refvlm.nn.Mlp}.</li>
 * <li>Fixed parts: {@link org.refvlm.nn.SinePositionEncoding} (1-D and 2-D),
 * {@link org.refvlm.nn.Resize} (bilinear and nearest, PyTorch's sampling),
 * {@link org.refvlm.nn.NonLinearity}.</li>
 * <li>Convolution: {@link org.refvlm.nn.ConvolutionPath} (the engine's, or matrix products) and
 * {@link org.refvlm.nn.NativeConvolutionCheck}, which tests the engine's on each CPU device first
 * and routes around it where it computes wrongly.</li>
 * <li>Autograd safety: {@link org.refvlm.nn.Scalars} and {@link org.refvlm.nn.Constants}.</li>
 * </ul>
 *
 * <p><b>Why not DJL's {@code ai.djl.nn} blocks.</b> The kit computes with DJL's functional forms
 * of those blocks ({@code Linear.linear}, {@code Conv2d.conv2d}, {@code Conv2dTranspose},
 * {@code LayerNorm.layerNorm}, {@code Dropout.dropout}, {@code Activation}), which are the same
 * engine operations. It does not use the {@code Block} objects themselves, for three reasons:
 * their parameters are named by the block tree ({@code 01Linear_weight}), while refvlm loads
 * Hugging Face checkpoints whose names ({@code model.layers.0.self_attn.q_proj.weight}) must be
 * matched one for one; they are initialised from input shapes at {@code initialize} time, while a
 * decoder folder must know every name and shape before reading a file so it can reject a wrong one
 * at once; and they expect DJL's {@code Trainer}, while refvlm trains the language model, encoders
 * and every decoder in one autograd graph with its own optimizer and exact resume.
 *
 * <p><b>Manager discipline.</b> Every layer keeps the activation as the first operand of each op,
 * so results land in the activation's (scoped) manager and never in the long-lived parameter
 * manager; views of parameters go through {@link org.refvlm.nn.Constants#alongside}.
 */
@Export
@Version("0.4.0")
package org.refvlm.nn;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
