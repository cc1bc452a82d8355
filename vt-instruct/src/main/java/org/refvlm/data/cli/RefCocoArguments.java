package org.refvlm.data.cli;

import java.nio.file.Path;
import java.util.Set;
import picocli.CommandLine.Option;

/** The arguments of {@code data convert refcoco} besides {@link ConvertArguments}, as a picocli mixin. */
public final class RefCocoArguments {

    @Option(names = "--refs", required = true, paramLabel = "refs(unc).p")
    private Path refs;

    @Option(names = "--instances", required = true, paramLabel = "instances.json")
    private Path instances;

    @Option(names = "--dataset", paramLabel = "refcoco|refcoco+|refcocog", defaultValue = "refcoco")
    private String dataset;

    @Option(names = "--splits", paramLabel = "train,val,testA,...", split = ",")
    private Set<String> splits;

    public Path refs() {
        return refs;
    }

    public Path instances() {
        return instances;
    }

    /** The samples' source, and the name of the samples file without extension. */
    public String dataset() {
        return dataset;
    }

    /** The splits to keep; empty keeps every split. */
    public Set<String> splits() {
        return splits == null ? Set.of() : Set.copyOf(splits);
    }
}
