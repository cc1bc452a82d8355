package org.refvlm.core.internal.registry;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes configurations that came from a {@code .cfg} file in deploy/ when that file is gone.
 * FileInstall deletes them itself only while it runs; a file deleted between two runs would
 * otherwise keep serving, say, a decoder nobody asked for any more.
 */
@Component(immediate = true)
public final class StaleDeployedConfigurations {

    private static final Logger LOG = LoggerFactory.getLogger(StaleDeployedConfigurations.class);
    static final String FILE_PROPERTY = "felix.fileinstall.filename";

    @Reference
    private ConfigurationAdmin configAdmin;

    @Activate
    void activate() throws IOException, InvalidSyntaxException {
        Configuration[] configurations = configAdmin.listConfigurations("(" + FILE_PROPERTY + "=*)");
        if (configurations == null) {
            return;
        }
        for (Configuration c : configurations) {
            Object file = c.getProperties().get(FILE_PROPERTY);
            if (file != null && !exists(file.toString())) {
                LOG.info("removing configuration {}: its file {} was deleted", c.getPid(), file);
                c.delete();
            }
        }
    }

    private static boolean exists(String file) {
        try {
            return Files.exists(file.startsWith("file:") ? Path.of(URI.create(file)) : Path.of(file));
        } catch (IllegalArgumentException e) {
            return true; // not a path we understand: leave it alone
        }
    }
}
