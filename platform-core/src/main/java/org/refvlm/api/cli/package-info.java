/**
 * Commands that run the same from the shell, from {@code bin/refvlm} and from tests: a command is
 * a function of its arguments and streams returning an exit status.
 */
@Export
@Version("0.2.0")
package org.refvlm.api.cli;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
