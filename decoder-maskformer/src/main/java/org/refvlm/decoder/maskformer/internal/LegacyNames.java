package org.refvlm.decoder.maskformer.internal;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The converter from the parameter names MaskFormer decoder folders were written with before the
 * decoder moved onto the layer kit (refvlm 0.1) to today's: the transformer layers now carry
 * Hugging Face DETR's names, as the DETR decoder's always did, and the mask head is the kit's MLP.
 * Folders with today's names pass unchanged; reading an old folder needs nothing from the user.
 *
 * <pre>
 * decoder.layers.N.self_attn_norm.*  -> decoder.layers.N.self_attn_layer_norm.*
 * decoder.layers.N.cross_attn.*      -> decoder.layers.N.encoder_attn.*
 * decoder.layers.N.cross_attn_norm.* -> decoder.layers.N.encoder_attn_layer_norm.*
 * decoder.layers.N.ffn_norm.*        -> decoder.layers.N.final_layer_norm.*
 * mask_head.N.*                      -> mask_head.layers.N.*
 * </pre>
 */
public final class LegacyNames {

    private record Rule(Pattern from, String to) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule(Pattern.compile("^(decoder\\.layers\\.\\d+)\\.self_attn_norm\\."), "$1.self_attn_layer_norm."),
            new Rule(Pattern.compile("^(decoder\\.layers\\.\\d+)\\.cross_attn_norm\\."), "$1.encoder_attn_layer_norm."),
            new Rule(Pattern.compile("^(decoder\\.layers\\.\\d+)\\.cross_attn\\."), "$1.encoder_attn."),
            new Rule(Pattern.compile("^(decoder\\.layers\\.\\d+)\\.ffn_norm\\."), "$1.final_layer_norm."),
            new Rule(Pattern.compile("^mask_head\\.(\\d+)\\."), "mask_head.layers.$1."));

    /** Old name to current name; current names are returned as they are. */
    public static final UnaryOperator<String> TO_CURRENT = LegacyNames::current;

    private LegacyNames() {
    }

    static String current(String name) {
        for (Rule r : RULES) {
            Matcher m = r.from().matcher(name);
            if (m.find()) {
                return m.replaceFirst(r.to());
            }
        }
        return name;
    }
}
