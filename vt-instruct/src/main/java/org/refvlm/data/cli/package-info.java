/**
 * The {@code data} commands (synth, convert, check, show) as plain Java: each is
 * {@code int run(List<String> args, PrintStream out, PrintStream err)}, for the platform's launcher to wire.
 */
package org.refvlm.data.cli;
