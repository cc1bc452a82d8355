package org.refvlm.trainer.internal;

import java.nio.file.Path;
import java.util.List;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.refvlm.api.cli.ExitStatusException;
import org.refvlm.trainer.RandomModel;
import org.refvlm.trainer.RandomModelSpec;
import org.refvlm.tensor.TensorRuntime;

/** Shell command {@code refvlm:model}: {@code model random --out DIR [--seed S]} writes a tiny random model folder. */
@Component(service = ModelShellCommand.class, immediate = true,
        property = {"osgi.command.scope=refvlm", "osgi.command.function=model"})
public final class ModelShellCommand {

    static final String USAGE = "usage: model random --out DIR [--seed S]";

    @Reference
    private TensorRuntime tensors;

    @Descriptor("model random --out DIR [--seed S]: write a tiny randomly initialised model folder (llm/, clip-vit/, convnext/, projector)")
    public void model(CommandSession session, @Descriptor("subcommand and options") String... args) throws Exception {
        List<String> a = List.of(args);
        if (a.isEmpty() || !a.get(0).equals("random")) {
            System.err.println(USAGE);
            throw new ExitStatusException(2, null);
        }
        Path out = null;
        long seed = 0;
        for (int i = 1; i < a.size(); i++) {
            if (i + 1 >= a.size()) {
                System.err.println("model: " + a.get(i) + " needs a value\n" + USAGE);
                throw new ExitStatusException(2, null);
            }
            switch (a.get(i)) {
                case "--out" -> out = Path.of(a.get(++i));
                case "--seed" -> seed = Long.parseLong(a.get(++i));
                default -> {
                    System.err.println("model: unknown option '" + a.get(i) + "'\n" + USAGE);
                    throw new ExitStatusException(2, null);
                }
            }
        }
        if (out == null) {
            System.err.println("model: --out is required\n" + USAGE);
            throw new ExitStatusException(2, null);
        }
        RandomModel.write(out, RandomModelSpec.tiny(seed), tensors.device());
        session.getConsole().println("random tiny model written to " + out + " (untrained: for trying the platform end to end)");
    }
}
