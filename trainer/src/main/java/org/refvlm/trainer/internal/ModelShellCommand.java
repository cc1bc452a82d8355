package org.refvlm.trainer.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.refvlm.api.cli.CliCommands;
import org.refvlm.cli.CommandLines;
import org.refvlm.tensor.TensorRuntime;
import org.refvlm.trainer.RandomModel;
import org.refvlm.trainer.RandomModelSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Shell command {@code refvlm:model}: {@code model random --out DIR [--seed S]} writes a tiny random model folder. */
@Component(service = ModelShellCommand.class, immediate = true,
        property = {"osgi.command.scope=refvlm", "osgi.command.function=model"})
public final class ModelShellCommand {

    @Reference
    private TensorRuntime tensors;

    @Descriptor("model random --out DIR [--seed S]: write a tiny randomly initialised model folder (see 'model --help')")
    public void model(CommandSession session, @Descriptor("subcommand and options") String... args) throws Exception {
        CliCommands.invoke((a, in, out, err) -> CommandLines.run(new Model(), a, out, err), List.of(args),
                session.getKeyboard(), session.getConsole(), System.err);
    }

    @Command(name = "model", description = "Model folders.")
    final class Model implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            throw new ParameterException(spec.commandLine(), "name a subcommand: random");
        }

        @Command(name = "random", description = "Writes a tiny randomly initialised model folder (llm/, clip-vit/, "
                + "convnext/, projector): untrained, for trying the platform end to end.")
        int random(@Option(names = "--out", required = true, paramLabel = "DIR", description = "the model folder to write")
                Path out,
                @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "initialisation seed (default 0)")
                long seed) throws Exception {
            RandomModel.write(out, RandomModelSpec.tiny(seed), tensors.device());
            spec.commandLine().getOut().println("random tiny model written to " + out
                    + " (untrained: for trying the platform end to end)");
            return CommandLines.OK;
        }
    }
}
