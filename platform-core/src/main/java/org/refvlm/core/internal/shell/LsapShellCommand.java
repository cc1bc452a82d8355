package org.refvlm.core.internal.shell;

import java.util.List;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.refvlm.api.cli.CliCommands;
import org.refvlm.core.matching.LsapCommand;

/** Shell command {@code refvlm:lsap}: solves every 2-D tensor of a safetensors file as an assignment problem. */
@Component(
        service = LsapShellCommand.class,
        immediate = true,
        property = {"osgi.command.scope=refvlm", "osgi.command.function=lsap"})
public final class LsapShellCommand {

    @Descriptor("solve every 2-D float tensor in a safetensors file as a minimum-cost assignment: lsap <in.safetensors> <out.json>")
    public void lsap(CommandSession session, @Descriptor("input and output files") String... args) throws Exception {
        CliCommands.invoke((a, in, out, err) -> new LsapCommand().run(a, out, err),
                List.of(args), session.getKeyboard(), session.getConsole(), System.err);
    }
}
