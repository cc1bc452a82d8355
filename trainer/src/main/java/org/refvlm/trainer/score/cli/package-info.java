/**
 * {@code refvlm score}: the scorers on prediction files, no model needed. The command is a plain
 * {@link org.refvlm.api.cli.CliCommand}; its options are parsed by picocli, embedded in this bundle.
 */
package org.refvlm.trainer.score.cli;
