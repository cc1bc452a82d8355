package org.refvlm.core.internal.shell;

import java.util.ArrayList;
import java.util.List;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.refvlm.api.DecoderRegistry;
import org.refvlm.api.cli.CliCommands;
import org.refvlm.trp.TrpCommand;

/**
 * Shell command {@code refvlm:trp}: parses TRP text and prints its tree as JSON (see
 * {@code docs/trp.md}). {@code --installed} checks units against the decoders running now.
 */
@Component(
        service = TrpShellCommand.class,
        immediate = true,
        property = {"osgi.command.scope=refvlm", "osgi.command.function=trp"})
public final class TrpShellCommand {

    static final String INSTALLED = "--installed";

    @Reference
    private DecoderRegistry registry;

    @Descriptor("parse TRP text and print its tree as JSON: trp [--lenient] [--tokens] [--units LIST | --installed] <file | ->")
    public void trp(CommandSession session, @Descriptor("options and input, as for 'trp --help'") String... args)
            throws Exception {
        List<String> rest = new ArrayList<>(List.of(args));
        boolean installed = rest.remove(INSTALLED);
        TrpCommand command = installed ? new TrpCommand(unit -> registry.units().contains(unit)) : new TrpCommand();
        CliCommands.invoke(command::run, rest, session.getKeyboard(), session.getConsole(), System.err);
    }
}
