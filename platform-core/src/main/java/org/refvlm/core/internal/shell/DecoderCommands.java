package org.refvlm.core.internal.shell;

import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.refvlm.api.DecoderInfo;
import org.refvlm.api.DecoderRegistry;

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

    @Descriptor("list the installed decoders: which one serves each unit, and why")
    public String decoders() {
        TextTable table = new TextTable("UNIT", "DECODER", "BUNDLE", "SYMBOLIC NAME", "STATE", "RANKING", "ACTIVE", "PINNED");
        for (DecoderInfo d : registry.decoders()) {
            table.row(d.unit(), d.decoder(), d.bundleId(), d.bundleName(), d.bundleState(), d.ranking(),
                    d.active() ? "yes" : "-", d.pinned() ? "yes" : "-");
        }
        StringBuilder out = new StringBuilder(table.isEmpty() ? "no decoder is installed\n" : table.toString());
        for (Map.Entry<String, String> pin : registry.pins().entrySet()) {
            boolean running = registry.decoders().stream()
                    .anyMatch(d -> d.unit().equals(pin.getKey()) && d.decoder().equals(pin.getValue()));
            if (!running) {
                out.append("pin ").append(pin.getKey()).append(" -> ").append(pin.getValue())
                        .append(" is waiting: that decoder is not running, so ranking decides\n");
            }
        }
        return out.toString();
    }

    @Descriptor("send a unit to a named decoder whatever the rankings say; persists across restarts")
    public String pin(
            @Descriptor("unit word, e.g. box or mask") String unit,
            @Descriptor("decoder name, as listed by refvlm:decoders") String decoder) {
        registry.pin(unit, decoder);
        return "unit '" + unit + "' is pinned to decoder '" + decoder + "'";
    }

    @Descriptor("let ranking decide again which decoder serves a unit")
    public String unpin(@Descriptor("unit word") String unit) {
        return registry.unpin(unit)
                ? "unit '" + unit + "' is no longer pinned; "
                        + registry.active(unit).map(d -> "decoder '" + d.decoder() + "' serves it by ranking")
                                .orElse("no decoder serves it now")
                : "unit '" + unit + "' was not pinned";
    }
}
