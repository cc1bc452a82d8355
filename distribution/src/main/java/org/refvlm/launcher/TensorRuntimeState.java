package org.refvlm.launcher;

import java.lang.reflect.Method;
import java.util.Collection;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Whether the platform's tensor runtime started, and if not, why: the exception its component
 * threw, as Declarative Services recorded it ({@code ComponentConfigurationDTO.failure}). A
 * misconfigured device or libtorch is a start-up error the user must see at once, not a line in
 * the log. The launcher cannot link against the DS API (it sits outside the framework), so the
 * runtime service is read reflectively, as {@link ShellRunner} reads Gogo's.
 */
final class TensorRuntimeState {

    static final String COMPONENT = "org.refvlm.tensor.internal.TensorRuntimeComponent";
    private static final String SCR = "org.osgi.service.component.runtime.ServiceComponentRuntime";
    /** ComponentConfigurationDTO.ACTIVE and .FAILED_ACTIVATION */
    private static final int ACTIVE = 8;
    private static final int FAILED_ACTIVATION = 16;

    /** Where the tensor runtime's component is; {@code failure} is set when it failed. */
    record State(boolean active, String failure) {
        boolean settled() {
            return active || failure != null;
        }
    }

    private final BundleContext context;

    TensorRuntimeState(BundleContext context) {
        this.context = context;
    }

    /**
     * The component's state as DS records it. (Its service is registered before activation, and
     * stays registered after a failed one, so the service registry cannot tell.)
     */
    State state() {
        ServiceReference<?> ref = context.getServiceReference(SCR);
        if (ref == null) {
            return new State(false, null);
        }
        Object scr = context.getService(ref);
        try {
            Class<?> api = ref.getBundle().loadClass(SCR);
            Collection<?> descriptions = (Collection<?>) api.getMethod("getComponentDescriptionDTOs", Bundle[].class)
                    .invoke(scr, (Object) new Bundle[0]);
            for (Object d : descriptions) {
                if (!COMPONENT.equals(d.getClass().getField("name").get(d))) {
                    continue;
                }
                Method configurations = api.getMethod("getComponentConfigurationDTOs", d.getClass());
                for (Object c : (Collection<?>) configurations.invoke(scr, d)) {
                    int state = c.getClass().getField("state").getInt(c);
                    if (state == ACTIVE) {
                        return new State(true, null);
                    }
                    if (state == FAILED_ACTIVATION) {
                        Object text = c.getClass().getField("failure").get(c);
                        return new State(false, firstLine(text == null ? null : text.toString()));
                    }
                }
            }
            return new State(false, null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return new State(false, "its state could not be read (" + e + "): see the log");
        } finally {
            context.ungetService(ref);
        }
    }

    /** The message of a recorded stack trace: its first line without the exception's class name. */
    static String firstLine(String stackTrace) {
        if (stackTrace == null || stackTrace.isBlank()) {
            return "the tensor runtime failed to start: see the log";
        }
        String line = stackTrace.strip().lines().findFirst().orElse("");
        return line.replaceFirst("^[\\w.$]+(Exception|Error)(: )?", "").strip();
    }
}
