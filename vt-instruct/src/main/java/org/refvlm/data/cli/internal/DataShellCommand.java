package org.refvlm.data.cli.internal;

import java.util.List;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.refvlm.api.cli.CliCommands;
import org.refvlm.data.cli.DataCommand;

/** Shell command {@code refvlm:data}: synth, convert, check and show VT-Instruct data. */
@Component(
        service = DataShellCommand.class,
        immediate = true,
        property = {"osgi.command.scope=refvlm", "osgi.command.function=data"})
public final class DataShellCommand {

    @Descriptor("VT-Instruct data: data synth|convert|check|show ... ('data --help' for details)")
    public void data(CommandSession session, @Descriptor("subcommand and its arguments") String... args) throws Exception {
        CliCommands.invoke((a, in, out, err) -> new DataCommand().run(a, out, err),
                List.of(args), session.getKeyboard(), session.getConsole(), System.err);
    }
}
