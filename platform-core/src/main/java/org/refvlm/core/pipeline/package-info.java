/**
 * The request pipeline and its building blocks: how an image and a prompt become the language
 * model's input, how an answer becomes JSON and an overlay. Exported so trainers and evaluators
 * build exactly the inputs a request gets.
 */
@Export
@Version("0.4.0")
package org.refvlm.core.pipeline;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
