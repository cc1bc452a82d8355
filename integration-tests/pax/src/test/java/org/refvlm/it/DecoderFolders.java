package org.refvlm.it;

import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.refvlm.spi.DecoderFactory;

/** What the decoder-serving tests do alike: check a decoder bundle is real, and serve a decoder folder by configuration. */
final class DecoderFolders {

    private DecoderFolders() {
    }

    /**
     * Serves {@code folder} under {@code name} and {@code ranking}, as an administrator's
     * {@code deploy/<factoryPid>-<name>.cfg} would: the bundle's loader registers the decoder once
     * the folder loads.
     */
    static void serve(ConfigurationAdmin configAdmin, String factoryPid, Path folder, String name, int ranking)
            throws Exception {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("path", folder.toString());
        props.put("name", name);
        props.put("ranking", ranking);
        configAdmin.getFactoryConfiguration(factoryPid, name, "?").update(props);
    }

    /** The bundle is in the runtime, active, and registers exactly one decoder factory of {@code kind}. */
    static void assertRealDecoderBundle(BundleContext context, String symbolicName, String kind)
            throws InvalidSyntaxException {
        Bundle bundle = null;
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                bundle = b;
            }
        }
        assertTrue(symbolicName + " is not active in the runtime", bundle != null && bundle.getState() == Bundle.ACTIVE);
        ServiceReference<?>[] factories = context.getServiceReferences(DecoderFactory.class.getName(),
                "(" + DecoderFactory.KIND + "=" + kind + ")");
        assertTrue("no " + kind + " decoder factory", factories != null && factories.length == 1);
    }
}
