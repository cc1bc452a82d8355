package org.refvlm.trainer.internal;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.refvlm.api.cli.CliCommands;
import org.refvlm.cli.CommandLines;
import org.refvlm.core.pipeline.ModelFolder;
import org.refvlm.tensor.TensorRuntime;
import org.refvlm.trainer.Recipe;
import org.refvlm.training.TrainingResult;

/**
 * Shell command {@code refvlm:train}: runs a training recipe inside the running platform, on the
 * platform's device, with the decoder kinds of the installed decoder bundles. With
 * {@code --serve}, the decoders it trained are served at once (stage 3 at runtime).
 */
@Component(service = TrainShellCommand.class, immediate = true,
        property = {"osgi.command.scope=refvlm", "osgi.command.function=train"})
public final class TrainShellCommand {

    private BundleContext context;

    @Reference
    private TensorRuntime runtime;

    @Reference
    private ConfigurationAdmin configAdmin;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
    }

    @Descriptor("train a model or decoders from a recipe: train --recipe FILE --out DIR [--resume] (see 'train --help')")
    public void train(CommandSession session, @Descriptor("see 'train --help'") String... args) throws Exception {
        PrintStream out = session.getConsole();
        CliCommands.invoke((args2, in, o, e) -> CommandLines.run(new TrainArguments(a -> train(a, o)), args2, o, e),
                List.of(args), session.getKeyboard(), out, System.err);
    }

    private int train(TrainArguments a, PrintStream out) throws Exception {
        TrainingRun run = new TrainingRun(a.recipe, a.out, runtime.device(), new InstalledDecoderFactories(context))
                .withProgressBar(true).stopAfter(a.stopAfter);
        if (a.export) {
            out.println("model written to " + run.exportLatestCheckpoint());
            return CommandLines.OK;
        }
        long t0 = System.nanoTime();
        TrainingResult result = run.run(a.resume);
        double minutes = (System.nanoTime() - t0) / 60e9;
        List<Double> losses = result.losses();
        out.printf("trained steps %d..%d%s in %.1f min; loss %s -> %s%n", result.startStep() + 1, result.endStep(),
                run.recipe().phases() > 1 ? " of the last phase that ran" : "", minutes,
                losses.isEmpty() ? "-" : String.format("%.4f", losses.get(0)),
                losses.isEmpty() ? "-" : String.format("%.4f", losses.get(losses.size() - 1)));
        out.println("metrics: metrics.jsonl in " + a.out.toAbsolutePath()
                + (run.recipe().phases() > 1 ? " and in each then-N/" : ""));
        if (!run.complete()) {
            out.println("paused at step " + result.endStep() + "; continue with --resume");
            return CommandLines.OK;
        }
        Path model = run.model();
        out.println("model written to " + model);
        if (a.serveRanking != null) {
            serve(model, run.recipe(), a.serveRanking, out);
        }
        return CommandLines.OK;
    }

    /**
     * One factory configuration per decoder this run trained (not those a stage-3 model only carried
     * over), named after the recipe, so its bundle serves it.
     */
    private void serve(Path model, Recipe recipe, int ranking, PrintStream out) throws Exception {
        ModelFolder description = ModelFolder.read(model).orElseThrow();
        String name = recipe.name();
        java.util.Set<String> trained = new java.util.HashSet<>();
        for (int i = 0; i < recipe.phases(); i++) {
            recipe.phase(i, model).decoders().forEach(d -> trained.add(d.unit()));
        }
        for (ModelFolder.Decoder d : description.decoders()) {
            Path folder = model.resolve(d.path());
            if (!trained.contains(d.unit()) || !Files.isDirectory(folder)) {
                continue;
            }
            Configuration c = configAdmin.getFactoryConfiguration(ModelFolder.loaderPid(d.kind()), name + "-" + d.unit(), "?");
            Dictionary<String, Object> p = new Hashtable<>();
            p.put("path", folder.toString());
            p.put("name", name);
            p.put("ranking", ranking);
            c.update(p);
            out.println("serving " + d.kind() + " decoder '" + name + "' for unit " + d.unit() + " with ranking " + ranking);
        }
    }
}
