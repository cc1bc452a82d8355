package org.refvlm.trainer.eval.tasks;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.refvlm.trainer.score.text.Meteor;

/**
 * The suite's numbers as one Markdown table per table of the paper (III to X), plus the tasks the
 * paper has no table for (keypoints, depth) and what each task ran. Numbers are in the papers'
 * scales: CIDEr-D and METEOR times 100, accuracies and IoUs in percent, COCO AP in percent;
 * "n/a" where nothing was measured, with the reason in the task list.
 */
public final class SuiteTables {

    private SuiteTables() {
    }

    public static String markdown(List<SuiteEntry> entries, String model, String data, int limit) {
        Map<String, SuiteEntry> by = entries.stream().collect(Collectors.toMap(SuiteEntry::task, Function.identity()));
        Function<String, SuiteEntry> e = t -> by.getOrDefault(t, new SuiteEntry(t, SuiteEntry.NO_DATA, "not run", Map.of(), 0, 0));
        StringBuilder md = new StringBuilder("# Evaluation suite\n\n");
        md.append("- model: `").append(model).append("`\n- data: `").append(data).append("`\n");
        md.append("- at most ").append(limit == 0 ? "all" : Integer.toString(limit))
                .append(" questions per task; greedy decoding. METEOR is ").append(Meteor.NAME)
                .append("; recall and mAP_S match ")
                .append("phrases by bag-of-words similarity (docs/evaluation.md).\n\n");

        md.append("## Table III: image captioning and VQA\n\n| model | caption CIDEr-D | caption METEOR | VQA accuracy |\n|---|---|---|---|\n");
        md.append(row(model, num(e.apply("caption").get("CIDEr-D")), num(e.apply("caption").get("METEOR")),
                num(e.apply("vqa").get("accuracy"))));

        SuiteEntry reg = e.apply("reg");
        md.append("\n## Table IV: REG (region captioning)\n\n| model | CIDEr-D | METEOR | CIDEr-D point | box | scribble | mask |\n|---|---|---|---|---|---|---|\n");
        md.append(row(model, num(reg.get("CIDEr-D")), num(reg.get("METEOR")), num(reg.get("CIDEr-D.point")),
                num(reg.get("CIDEr-D.box")), num(reg.get("CIDEr-D.scribble")), num(reg.get("CIDEr-D.mask"))));

        SuiteEntry pope = e.apply("pope");
        md.append("\n## Table V: POPE (object hallucination)\n\n| setting | accuracy | precision | recall | F1 | yes-ratio |\n|---|---|---|---|---|---|\n");
        for (String s : List.of("random", "popular", "adversarial")) {
            md.append(row(s, pct(pope.get(s + ".accuracy")), pct(pope.get(s + ".precision")), pct(pope.get(s + ".recall")),
                    pct(pope.get(s + ".f1")), pct(pope.get(s + ".yesRatio"))));
        }

        SuiteEntry gcg = e.apply("gcg");
        md.append("\n## Table VI: grounded conversation generation\n\n| type | CIDEr-D | METEOR | AP50 | mIoU | recall |\n|---|---|---|---|---|---|\n");
        for (String w : List.of("mask", "box")) {
            md.append(row(w, num(gcg.get(w + ".CIDEr-D")), num(gcg.get(w + ".METEOR")), pct(gcg.get(w + ".AP50")),
                    pct(gcg.get(w + ".mIoU")), pct(gcg.get(w + ".recall"))));
        }

        SuiteEntry rec = e.apply("rec");
        md.append("\n## Table VII: REC\n\n| model | Acc@0.5 | mean IoU |\n|---|---|---|\n");
        md.append(row(model, pct(rec.get("accuracy")), pct(rec.get("meanIoU"))));

        SuiteEntry ig = e.apply("ig");
        md.append("\n## Table VIII: interactive grounding (masks)\n\n| model | point mIoU | point cIoU | scribble mIoU | scribble cIoU | box mIoU | box cIoU | mask mIoU | mask cIoU |\n|---|---|---|---|---|---|---|---|---|\n");
        md.append(row(model, pct(ig.get("mask.point.mIoU")), pct(ig.get("mask.point.cIoU")), pct(ig.get("mask.scribble.mIoU")),
                pct(ig.get("mask.scribble.cIoU")), pct(ig.get("mask.box.mIoU")), pct(ig.get("mask.box.cIoU")),
                pct(ig.get("mask.mask.mIoU")), pct(ig.get("mask.mask.cIoU"))));
        md.append("\nInteractive grounding with box answers (IG-Box):\n\n| model | point Acc@0.5 | scribble Acc@0.5 | mask Acc@0.5 |\n|---|---|---|---|\n");
        md.append(row(model, pct(ig.get("box.point.accuracy")), pct(ig.get("box.scribble.accuracy")), pct(ig.get("box.mask.accuracy"))));

        md.append("\n## Table IX: open-vocabulary detection and segmentation\n\n| task | freeform mAP_S | freeform AP50_S | class-prompted mAP | class-prompted AP50 |\n|---|---|---|---|---|\n");
        for (String t : List.of("ovd", "ovs")) {
            SuiteEntry o = e.apply(t);
            md.append(row(t.equals("ovd") ? "detection (boxes)" : "segmentation (masks)", pct(o.get("mAP_S")),
                    pct(o.get("AP50_S")), pct(o.get("mAP")), pct(o.get("AP50"))));
        }

        SuiteEntry res = e.apply("res");
        md.append("\n## Table X: RES\n\n| model | cIoU | mIoU |\n|---|---|---|\n");
        md.append(row(model, pct(res.get("cIoU")), pct(res.get("mIoU"))));

        md.append("\n## Beyond the paper's tables\n\n| task | status | numbers |\n|---|---|---|\n");
        for (String t : List.of("keypoint", "depth")) {
            SuiteEntry k = e.apply(t);
            String numbers = k.metrics().entrySet().stream().map(x -> x.getKey() + " " + detail(x.getValue()))
                    .collect(Collectors.joining(", "));
            md.append(row(t, k.status() + (k.message() != null ? ": " + k.message() : ""), numbers));
        }

        md.append("\n## Tasks run\n\n| task | status | questions | seconds |\n|---|---|---|---|\n");
        for (SuiteEntry x : entries) {
            md.append(row(x.task(), x.status() + (x.message() != null ? ": " + x.message().replace('|', '/') : ""),
                    Integer.toString(x.asked()), String.format(Locale.ROOT, "%.0f", x.seconds())));
        }
        return md.toString();
    }

    private static String row(String... cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    private static String pct(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f", 100 * v) : "n/a";
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f", v) : "n/a";
    }

    /**
     * Keypoint and depth metrics as their reports give them: most are fractions (AP 0.447, delta1
     * 0.908, AbsRel 0.071), which one decimal would round to nothing; SILog is x100.
     */
    static String detail(double v) {
        if (!Double.isFinite(v)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, Math.abs(v) < 10 ? "%.3f" : "%.1f", v);
    }
}
