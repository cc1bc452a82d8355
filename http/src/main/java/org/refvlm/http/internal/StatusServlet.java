package org.refvlm.http.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.refvlm.api.DecoderRegistry;
import org.refvlm.api.RefVlm;
import org.refvlm.api.TaskCommand;
import org.refvlm.tensor.RuntimeInfo;
import org.refvlm.tensor.TensorRuntime;

/**
 * {@code GET /api/status}: the framework (bundles by state, the count of services), whether a
 * model is loaded, the decoders' units, the tensor engine and device, the JVM's memory, and the
 * task commands a request may name.
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=/api/status",
    "osgi.http.whiteboard.servlet.name=refvlm-status"})
public final class StatusServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Reference
    private transient HttpApi api;

    @Reference
    private transient DecoderRegistry registry;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile TensorRuntime tensors;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile RefVlm refvlm;

    private transient BundleContext context;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            api.requireClient(req);
            JsonReplies.send(resp, 200, status());
        } catch (ApiError e) {
            JsonReplies.error(req, resp, e);
        }
    }

    private ObjectNode status() {
        ObjectNode root = JsonReplies.object();
        Bundle system = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        root.put("framework", system.getSymbolicName() + " " + system.getVersion());
        Bundle[] bundles = context.getBundles();
        Map<String, Integer> states = new TreeMap<>();
        for (Bundle b : bundles) {
            states.merge(state(b.getState()), 1, Integer::sum);
        }
        ObjectNode b = root.putObject("bundles");
        b.put("total", bundles.length);
        states.forEach(b::put);
        root.put("services", serviceCount());
        root.put("model", refvlm != null);
        ArrayNode units = root.putArray("units");
        registry.units().stream().sorted().forEach(units::add);
        root.put("decoders", registry.decoders().size());
        TensorRuntime t = tensors;
        if (t != null) {
            RuntimeInfo i = t.info();
            root.putObject("engine").put("name", i.engine()).put("version", i.version()).put("djl", i.djlVersion())
                    .put("device", i.device()).put("gpus", i.gpuCount());
        }
        Runtime rt = Runtime.getRuntime();
        root.putObject("memory").put("heapUsedBytes", rt.totalMemory() - rt.freeMemory())
                .put("heapMaxBytes", rt.maxMemory());
        ArrayNode tasks = root.putArray("tasks");
        TaskCommand.knownNames().forEach(tasks::add);
        return root;
    }

    private int serviceCount() {
        try {
            var refs = context.getAllServiceReferences(null, null);
            return refs == null ? 0 : refs.length;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String state(int state) {
        return switch (state) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            default -> "UNINSTALLED";
        };
    }
}
