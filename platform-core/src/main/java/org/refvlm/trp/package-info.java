/**
 * TRP, the Triplet-Based Referring Paradigm, as a language: the model names a concept in
 * {@code <Phrase>...</Phrase>}, says how to decode it in {@code <Unit>...</Unit>} and marks every
 * instance with {@code [i]<REF>}, whose hidden state becomes a decoder query.
 *
 * <p>Entry points:
 * <ul>
 *   <li>{@link org.refvlm.trp.TrpParser} parses whole texts, strictly or leniently;</li>
 *   <li>{@link org.refvlm.trp.TrpStreamParser} follows generation token by token and tells a
 *       {@link org.refvlm.trp.TrpListener} about every {@code <REF>} as it is generated;</li>
 *   <li>{@link org.refvlm.trp.TrpValidator} checks a tree, including units against the installed
 *       decoders;</li>
 *   <li>{@link org.refvlm.trp.TrpSerializer}, {@link org.refvlm.trp.PlainText} and
 *       {@link org.refvlm.trp.TrpJsonWriter} turn a tree into canonical TRP, plain text with
 *       phrase spans, and JSON;</li>
 *   <li>{@link org.refvlm.trp.TrpCommand} is the {@code trp} command.</li>
 * </ul>
 *
 * <p>The grammar, the diagnostics and the JSON format are described in {@code docs/trp.md}.
 */
@Export
@Version("0.1.0")
package org.refvlm.trp;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
