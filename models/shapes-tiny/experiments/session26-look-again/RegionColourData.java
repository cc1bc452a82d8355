import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;
import org.refvlm.data.*;
import org.refvlm.data.synth.*;

/**
 * Session 26's region-question data (issue 19; an analysis aid, not product code): the synthetic world's
 * REG samples with a box or mask prompt, the question changed to "What colour is <region>?" and the
 * answer to the prompted object's colour, in the VQA's words ("The answer is blue."). The turn keeps
 * its visual prompt, so the colour can only come from the pooled region tokens (or the picture).
 * The prompted object is the one whose box best overlaps the prompt's box.
 *
 * <p>With a fifth argument {@code position}, the question is "Where is <region> in the picture?" and the
 * answer the 3 x 3 grid cell of the object's box centre, in the VQA's words ("top left", "centre").
 *
 * <p>Arguments: {@code train|val|test SEED COUNT OUT [colour|position]}. Writes OUT/samples.jsonl and
 * OUT/images.
 */
public class RegionColourData {
    public static void main(String[] args) throws Exception {
        if (args.length != 4 && !(args.length == 5 && (args[4].equals("colour") || args[4].equals("position")))) {
            System.err.println("usage: RegionColourData train|val|test SEED COUNT OUT [colour|position]");
            System.exit(2);
        }
        Split split = Split.valueOf(args[0].toUpperCase(Locale.ROOT));
        long seed = Long.parseLong(args[1]);
        long count = Long.parseLong(args[2]);
        Path out = Path.of(args[3]);
        boolean position = args.length == 5 && args[4].equals("position");
        SyntheticDataset ds = new SyntheticDataset(new SynthOptions(count, split, seed,
                List.of(TaskType.REG_BOX, TaskType.REG_MASK), SceneConfig.DEFAULT, 1, false));
        ds.writeTo(out, null);
        TaskHint vqaHint = new SyntheticDataset(new SynthOptions(1, split, seed, List.of(TaskType.VQA),
                SceneConfig.DEFAULT, 1, false)).sample(0).turns().get(0).hint();
        Path tmp = out.resolve("samples.jsonl.tmp");
        Map<String, Integer> answers = new TreeMap<>();
        try (SampleWriter w = SampleWriter.create(tmp)) {
            for (long i = 0; i < count; i++) {
                SyntheticDataset.Generated g = ds.generate(i);
                Sample s = g.sample();
                VisualPrompt p = s.prompts().get(0);
                Box pb = p instanceof BoxPrompt b ? b.box() : Box.boundsOf(((MaskPrompt) p).mask());
                int best = -1;
                double bestIou = -1;
                for (int j = 0; j < s.targets().boxes().size(); j++) {
                    double iou = iou(pb, s.targets().boxes().get(j));
                    if (iou > bestIou) { bestIou = iou; best = j; }
                }
                Box b = s.targets().boxes().get(best);
                String answer = position ? ImageRegion.of(b.centreX(), b.centreY(), s.image().width(), s.image().height())
                        : g.scene().objects().get(best).colour().word();
                answers.merge(answer, 1, Integer::sum);
                Turn t = s.turns().get(0);
                String question = position ? "Where is <region> in the picture?" : "What colour is <region>?";
                Turn asked = new Turn(vqaHint, "<image>" + question + " Give a short answer.", t.prompts(),
                        "The answer is " + answer + ".", List.of());
                w.write(new Sample(s.id(), s.source(), s.task(), s.image(), s.targets(), s.prompts(), List.of(asked),
                        s.meta()));
            }
        }
        Files.move(tmp, out.resolve("samples.jsonl"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.out.println("wrote " + count + " region-" + (position ? "position" : "colour") + " samples to " + out
                + "; answers " + answers);
    }

    static double iou(Box a, Box b) {
        double w = Math.min(a.x1(), b.x1()) - Math.max(a.x0(), b.x0());
        double h = Math.min(a.y1(), b.y1()) - Math.max(a.y0(), b.y0());
        double inter = Math.max(0, w) * Math.max(0, h);
        return inter / (a.area() + b.area() - inter);
    }
}
