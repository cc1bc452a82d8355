/**
 * Minimum-cost assignment for grouped Hungarian matching: one solver for a single cost matrix
 * ({@link org.refvlm.core.matching.LinearAssignment}) and one for a padded batch of groups solved
 * in parallel ({@link org.refvlm.core.matching.GroupedAssignment}). Decoders use it to match
 * their predictions to targets inside each phrase group.
 */
@Export
@Version("0.2.0")
package org.refvlm.core.matching;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
