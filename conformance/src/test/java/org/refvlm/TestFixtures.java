package org.refvlm;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Locates the conformance fixtures copied into the test resources. */
public final class TestFixtures {
    private TestFixtures() {
    }

    public static Path folder(String fixture) {
        URL url = TestFixtures.class.getResource("/conformance/" + fixture + "/manifest.json");
        if (url == null) {
            throw new IllegalStateException("fixture " + fixture + " missing from test resources");
        }
        try {
            return Paths.get(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
