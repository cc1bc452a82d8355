/**
 * The HTTP API and the web page: servlets and resources on the OSGi Servlet Whiteboard, so the
 * server itself (Felix HTTP on Jetty 12) is the runtime's, configured by {@code refvlm:serve}.
 * Private: programs use the HTTP API (docs/http-api.md), not these classes.
 */
@RequireHttpWhiteboard
package org.refvlm.http.internal;

import org.osgi.service.servlet.whiteboard.annotations.RequireHttpWhiteboard;
