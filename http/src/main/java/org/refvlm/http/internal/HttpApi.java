package org.refvlm.http.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every endpoint shares: the limits, the administration token, the line requests wait in,
 * and the access rule: administration needs the token; everything else is open to clients on
 * the same machine (loopback) and needs the token from anywhere else.
 */
@Component(service = HttpApi.class, immediate = true, configurationPid = HttpSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = HttpSettings.class)
public final class HttpApi {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    private HttpSettings settings;
    private AdminToken token;
    private volatile RequestLine line;
    private volatile int concurrent;

    @Activate
    void activate(HttpSettings settings, BundleContext context) throws IOException {
        this.settings = settings;
        this.token = AdminToken.load(settings.token(), stateFolder(context));
        this.line = new RequestLine(settings.concurrentRequests(), settings.queuedRequests());
        this.concurrent = settings.concurrentRequests();
        if (token.file() != null) {
            LOG.info("HTTP administration token {} {}", token.generated() ? "generated into" : "read from", token.file());
        }
    }

    /**
     * The platform's state folder: the framework property {@code refvlm.state} the launcher sets (a JVM
     * hosting the platform, such as a Spark executor, gives its own), else {@code var}.
     */
    static Path stateFolder(BundleContext context) {
        String state = context.getProperty("refvlm.state");
        return Path.of(state == null || state.isBlank() ? "var" : state);
    }

    HttpSettings settings() {
        return settings;
    }

    AdminToken token() {
        return token;
    }

    RequestLine line() {
        return line;
    }

    /** Requests answered at once now: the setting, or more since {@link #admitAtLeast}. */
    int concurrentRequests() {
        return concurrent;
    }

    /**
     * Lets at least {@code n} requests be answered at once from now on (generation batches need
     * that many requests in the pipeline together), without reconfiguring the component; requests
     * already in the line finish in it.
     */
    synchronized void admitAtLeast(int n) {
        if (n > concurrent) {
            line = new RequestLine(n, settings.queuedRequests());
            concurrent = n;
            LOG.info("HTTP API answers up to {} requests at once", n);
        }
    }

    /** Administration: the bearer token, from anywhere. */
    void requireAdmin(HttpServletRequest request) throws ApiError {
        check(token, true, request.getRemoteAddr(), request.getHeader("Authorization"));
    }

    /** Asking and reading: open on loopback, the bearer token from other hosts. */
    void requireClient(HttpServletRequest request) throws ApiError {
        check(token, false, request.getRemoteAddr(), request.getHeader("Authorization"));
    }

    /** The access rule. */
    static void check(AdminToken token, boolean admin, String remoteAddress, String authorization) throws ApiError {
        if (token.accepts(authorization)) {
            return;
        }
        if (admin) {
            throw new ApiError(401, "administration needs the header 'Authorization: Bearer <token>' (the token is in "
                    + (token.file() == null ? "the org.refvlm.http configuration" : token.file()) + ")");
        }
        if (!isLoopback(remoteAddress)) {
            throw new ApiError(401, "requests from other hosts need the header 'Authorization: Bearer <token>'");
        }
    }

    private static boolean isLoopback(String address) {
        try {
            return address != null && InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
