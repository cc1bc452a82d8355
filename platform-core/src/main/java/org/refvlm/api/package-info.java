/**
 * What a user of refvlm works with: requests (an image, a prompt, visual prompts), responses
 * (the answer and one decoded unit per referred instance), the decoded unit value types, and the
 * platform services ({@link org.refvlm.api.DecoderRegistry}, {@link org.refvlm.api.LanguageModel},
 * {@link org.refvlm.api.VisionEncoder}).
 */
@Export
@Version("0.3.0")
package org.refvlm.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
