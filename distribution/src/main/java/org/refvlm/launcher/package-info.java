/** The command-line launcher: boots Felix and runs the shell or one command. Not an API. */
package org.refvlm.launcher;
