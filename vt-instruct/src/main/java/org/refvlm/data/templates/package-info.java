/**
 * The project's prompt template banks (JSON resources, at least 40 phrasings per task type) and seeded
 * choice and filling of their placeholders.
 */
@Export
@Version("0.1.0")
package org.refvlm.data.templates;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

