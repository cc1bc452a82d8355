/**
 * How the TRP parser works inside: the incremental lexer, the parser state machine and their
 * helpers. Not API; may change at any time.
 */
package org.refvlm.trp.internal;
