package org.refvlm.core.internal.shell;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.refvlm.api.DecoderInfo;
import org.refvlm.api.DecoderRegistry;
import org.refvlm.api.cli.CliCommands;
import org.refvlm.cli.CommandLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Shell commands {@code refvlm:decoders}, {@code refvlm:pin} and {@code refvlm:unpin}. */
@Component(
        service = DecoderCommands.class,
        immediate = true,
        property = {
            "osgi.command.scope=refvlm",
            "osgi.command.function=decoders",
            "osgi.command.function=pin",
            "osgi.command.function=unpin"
        })
public final class DecoderCommands {

    @Reference
    private DecoderRegistry registry;

    private BundleContext context;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
    }

    /** Declarative Services' own view of every component: how a decoder that did not start is found. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ServiceComponentRuntime components;

    @Descriptor("list the installed decoders: which one serves each unit, and why (see 'decoders --help')")
    public void decoders(CommandSession session, String... args) throws Exception {
        run(new Decoders(), session, args);
    }

    @Descriptor("send a unit to a named decoder whatever the rankings say; persists across restarts (see 'pin --help')")
    public void pin(CommandSession session, String... args) throws Exception {
        run(new Pin(), session, args);
    }

    @Descriptor("let ranking decide again which decoder serves a unit (see 'unpin --help')")
    public void unpin(CommandSession session, String... args) throws Exception {
        run(new Unpin(), session, args);
    }

    /** Runs a picocli command in a Gogo session: its output on the console, its status to the launcher. */
    static void run(Object command, CommandSession session, String... args) throws Exception {
        CliCommands.invoke((a, in, out, err) -> CommandLines.run(command, a, out, err), List.of(args),
                session.getKeyboard(), session.getConsole(), System.err);
    }

    @Command(name = "decoders", description = "Lists the installed decoders: which one serves each unit, and why; "
            + "then decoder components that did not start (unsatisfied or failed), with their bundles.")
    final class Decoders implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            TextTable table = new TextTable("UNIT", "DECODER", "BUNDLE", "SYMBOLIC NAME", "STATE", "RANKING", "ACTIVE", "PINNED");
            for (DecoderInfo d : registry.decoders()) {
                table.row(d.unit(), d.decoder(), d.bundleId(), d.bundleName(), d.bundleState(), d.ranking(),
                        d.active() ? "yes" : "-", d.pinned() ? "yes" : "-");
            }
            StringBuilder text = new StringBuilder(table.isEmpty() ? "no decoder is installed\n" : table.toString());
            for (Map.Entry<String, String> pin : registry.pins().entrySet()) {
                boolean running = registry.decoders().stream()
                        .anyMatch(d -> d.unit().equals(pin.getKey()) && d.decoder().equals(pin.getValue()));
                if (!running) {
                    text.append("pin ").append(pin.getKey()).append(" -> ").append(pin.getValue())
                            .append(" is waiting: that decoder is not running, so ranking decides\n");
                }
            }
            for (String problem : components == null ? List.<String>of() : DecoderComponents.problems(components, context::getBundle)) {
                text.append("not started: ").append(problem).append('\n');
            }
            out.print(text);
            out.flush();
            return CommandLines.OK;
        }
    }

    @Command(name = "pin", description = "Sends a unit to a named decoder whatever the rankings say; persists across restarts.")
    final class Pin implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "UNIT", description = "unit word, e.g. box or mask")
        String unit;

        @Parameters(index = "1", paramLabel = "DECODER", description = "decoder name, as 'decoders' lists it")
        String decoder;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            registry.pin(unit, decoder);
            spec.commandLine().getOut().println("unit '" + unit + "' is pinned to decoder '" + decoder + "'");
            return CommandLines.OK;
        }
    }

    @Command(name = "unpin", description = "Lets ranking decide again which decoder serves a unit.")
    final class Unpin implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "UNIT", description = "unit word")
        String unit;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().println(registry.unpin(unit)
                    ? "unit '" + unit + "' is no longer pinned; "
                            + registry.active(unit).map(d -> "decoder '" + d.decoder() + "' serves it by ranking")
                                    .orElse("no decoder serves it now")
                    : "unit '" + unit + "' was not pinned");
            return CommandLines.OK;
        }
    }
}
