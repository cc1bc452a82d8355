package org.refvlm.conformance;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.List;

/** Runs every case of one fixture kind. Implementations never throw for a failing case: they report it. */
interface FixtureChecker {
    List<CaseResult> run(Path folder, Manifest manifest, Device device) throws Exception;
}
