package org.refvlm.http.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.HttpServiceRuntimeConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns Felix HTTP's server on and off through its configuration (PID {@code org.apache.felix.http}).
 * The runtime starts Felix HTTP with {@code org.apache.felix.http.require.config=true}, so the
 * server listens only once a configuration exists. Configuration Admin persists configurations in
 * the state folder; one made by {@link #on} is marked and removed again when the platform stops, and
 * at the next start if a killed process left it behind, so a later one-shot command never opens a
 * port. A configuration an administrator made (a {@code deploy/org.apache.felix.http.cfg}, or one
 * set in the shell) is left alone.
 */
@Component(service = HttpServerSwitch.class, immediate = true)
public final class HttpServerSwitch {

    static final String FELIX_HTTP = "org.apache.felix.http";
    static final String PORT = "org.osgi.service.http.port";
    static final String HOST = "org.apache.felix.http.host";
    static final String ENABLE = "org.apache.felix.http.enable";
    /** Marks a configuration made by {@code refvlm:serve}. */
    static final String MARK = "refvlm.serve";

    private static final Logger LOG = LoggerFactory.getLogger(HttpServerSwitch.class);

    @Reference
    private ConfigurationAdmin configAdmin;

    private BundleContext context;

    @Activate
    void activate(BundleContext context) throws IOException, InvalidSyntaxException {
        this.context = context;
        removeOurs("left behind by an earlier run");
    }

    @Deactivate
    void deactivate() throws IOException, InvalidSyntaxException {
        removeOurs("the platform stops");
    }

    /**
     * Configures the server to listen on {@code host:port}.
     *
     * @throws IllegalArgumentException naming the address when the port is taken or the host is not this machine's
     */
    void on(String host, int port) throws IOException {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1 to 65535, got " + port);
        }
        InetAddress address = InetAddress.getByName(host);
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(address, port));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "): is another server using the port?");
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(PORT, port);
        props.put(HOST, host);
        props.put(ENABLE, true);
        props.put(MARK, true);
        Configuration config = configAdmin.getConfiguration(FELIX_HTTP, "?");
        config.update(props);
        LOG.info("HTTP server configured for {}:{}", host, port);
    }

    /** Turns the server off again if {@link #on} turned it on (a configuration of an administrator's stays). */
    void off() throws IOException, InvalidSyntaxException {
        removeOurs("turned off");
    }

    /** The first endpoint the HTTP runtime announces once it listens, e.g. {@code http://127.0.0.1:8080/}. */
    String awaitEndpoint(long timeoutMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < end) {
            ServiceReference<HttpServiceRuntime> ref = context.getServiceReference(HttpServiceRuntime.class);
            if (ref != null) {
                Object endpoints = ref.getProperty(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT);
                if (endpoints instanceof String s && !s.isBlank()) {
                    return s;
                }
                if (endpoints instanceof String[] list && list.length > 0) {
                    return list[0];
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the HTTP server did not start within " + timeoutMillis / 1000
                + " s; see var/refvlm.log");
    }

    /** A free TCP port on this machine, for a server nobody has to reach by a known address. */
    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private void removeOurs(String why) throws IOException, InvalidSyntaxException {
        Configuration[] configs = configAdmin.listConfigurations("(&(service.pid=" + FELIX_HTTP + ")(" + MARK + "=true))");
        if (configs != null) {
            for (Configuration c : configs) {
                c.delete();
                LOG.info("HTTP server configuration removed: {}", why);
            }
        }
    }
}
