package org.refvlm.trainer.internal;

import java.util.List;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.refvlm.api.cli.CliCommands;
import org.refvlm.trainer.score.cli.ScoreCommand;

/** Shell command {@code refvlm:score}: the scorers on prediction files (see {@link ScoreCommand}). */
@Component(service = ScoreShellCommand.class, immediate = true,
        property = {"osgi.command.scope=refvlm", "osgi.command.function=score"})
public final class ScoreShellCommand {

    @Descriptor("score prediction files as the reference evaluators do: coco, captions, vqa, pope")
    public void score(CommandSession session, @Descriptor("see 'score --help'") String... args) throws Exception {
        CliCommands.invoke(new ScoreCommand(), List.of(args), session.getKeyboard(), session.getConsole(), System.err);
    }
}
