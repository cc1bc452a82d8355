package org.refvlm.conformance.internal;

import java.util.List;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.refvlm.api.cli.CliCommands;
import org.refvlm.conformance.Conformance;
import org.refvlm.tensor.TensorRuntime;

/**
 * Shell command {@code refvlm:conformance}: runs every case of the given fixture folders on the
 * platform's tensor runtime and prints a table; fails when any case is outside its tolerance.
 */
@Component(
        service = ConformanceShellCommand.class,
        immediate = true,
        property = {"osgi.command.scope=refvlm", "osgi.command.function=conformance"})
public final class ConformanceShellCommand {

    /** Only to be sure the engine is up (and loaded by its own bundle) before a model touches it. */
    @Reference
    private TensorRuntime tensors;

    @Descriptor("check the models against reference outputs: conformance [--device cpu|gpu:N] <fixture folder>...")
    public void conformance(CommandSession session, @Descriptor("fixture folders, e.g. ../shared/conformance/llama-tiny") String... args)
            throws Exception {
        CliCommands.invoke((a, in, out, err) -> new Conformance().run(a, out, err),
                List.of(args), session.getKeyboard(), session.getConsole(), System.err);
    }
}
