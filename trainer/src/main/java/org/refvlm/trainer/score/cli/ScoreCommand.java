package org.refvlm.trainer.score.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.refvlm.api.cli.CliCommand;
import org.refvlm.trainer.score.coco.CocoAnnotation;
import org.refvlm.trainer.score.coco.CocoDataset;
import org.refvlm.trainer.score.coco.CocoEvaluation;
import org.refvlm.trainer.score.coco.CocoEvaluator;
import org.refvlm.trainer.score.coco.CocoFiles;
import org.refvlm.trainer.score.coco.CocoIouType;
import org.refvlm.trainer.score.text.Bleu;
import org.refvlm.trainer.score.text.CaptionSet;
import org.refvlm.trainer.score.text.CiderD;
import org.refvlm.trainer.score.text.Meteor;
import org.refvlm.trainer.score.text.PopeScore;
import org.refvlm.trainer.score.text.PtbTokenizer;
import org.refvlm.trainer.score.text.VqaAccuracy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code score coco|captions|vqa|pope}: scores prediction files with the reference-compatible
 * scorers and writes the numbers as JSON. Exit status 0 when scored, 1 when a file cannot be read
 * or scored (the message names the file), 2 for wrong arguments.
 */
public final class ScoreCommand implements CliCommand {

    @Command(name = "score", description = "Score prediction files as the reference evaluators do (no model needed).",
            mixinStandardHelpOptions = true, subcommandsRepeatable = false)
    static final class Root {
    }

    @Override
    public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new Root())
                .addSubcommand(new CocoScore(out))
                .addSubcommand(new CaptionScore(out))
                .addSubcommand(new VqaScore(out))
                .addSubcommand(new PopeScoreCommand(out));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            err.println("score " + cmd.getCommandName() + ": " + e.getMessage());
            return 1;
        });
        if (args.isEmpty()) {
            cl.usage(err);
            return 2;
        }
        return cl.execute(args.toArray(String[]::new));
    }

    @Command(name = "coco", mixinStandardHelpOptions = true,
            description = "COCO evaluation as pycocotools' COCOeval: the summary numbers and per-category AP.")
    static final class CocoScore implements Callable<Integer> {
        @Option(names = "--gt", required = true, description = "COCO annotation file (ground truth)")
        Path gt;
        @Option(names = "--results", required = true, description = "COCO results file (a JSON array of detections)")
        Path results;
        @Option(names = "--type", required = true, description = "bbox, segm or keypoints")
        String type;
        @Option(names = "--out", required = true, description = "where the scores go (JSON)")
        Path outFile;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        private final PrintStream out;

        CocoScore(PrintStream out) {
            this.out = out;
        }

        @Override
        public Integer call() throws Exception {
            CocoIouType t;
            try {
                t = CocoIouType.fromWord(type);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            CocoDataset dataset = CocoFiles.readGroundTruth(gt);
            List<CocoAnnotation> dts = CocoFiles.readResults(results, dataset);
            CocoEvaluation ev = new CocoEvaluator(t).evaluate(dataset, dts);
            ScoreFiles.write(outFile, CocoScores.json(ev));
            ev.summary().forEach(out::println);
            out.println("scores written to " + outFile);
            return 0;
        }
    }

    @Command(name = "captions", mixinStandardHelpOptions = true,
            description = "CIDEr-D, BLEU-1..4 and METEOR (exact+stem) of candidate captions against references.")
    static final class CaptionScore implements Callable<Integer> {
        @Option(names = "--in", required = true, description = "{\"references\": {id: [..]}, \"candidates\": {id: ..}}")
        Path in;
        @Option(names = "--out", required = true, description = "where the scores go (JSON)")
        Path outFile;
        @Option(names = "--no-tokenize", description = "the texts are already tokenised and lower-cased: skip the PTB step")
        boolean noTokenize;
        private final PrintStream out;

        CaptionScore(PrintStream out) {
            this.out = out;
        }

        @Override
        public Integer call() throws Exception {
            CaptionSet set = ScoreFiles.captions(in);
            if (!noTokenize) {
                set = set.tokenised(new PtbTokenizer());
            }
            CiderD.Result cider = new CiderD().score(set);
            double[] bleu = new Bleu().score(set);
            Meteor.Result meteor = new Meteor().score(set);
            ObjectNode root = ScoreFiles.JSON.createObjectNode();
            root.put("CIDEr-D", cider.score());
            ObjectNode per = root.putObject("CIDEr-D per image");
            cider.perImage().forEach(per::put);
            ArrayNode b = root.putArray("BLEU");
            for (double v : bleu) {
                b.add(v);
            }
            root.put(Meteor.NAME, meteor.score());
            ScoreFiles.write(outFile, root);
            out.println(String.format(Locale.ROOT, "CIDEr-D %.4f  BLEU-4 %.4f  %s %.4f  (%d captions)", cider.score(),
                    bleu[3], Meteor.NAME, meteor.score(), set.ids().size()));
            out.println("scores written to " + outFile);
            return 0;
        }
    }

    @Command(name = "vqa", mixinStandardHelpOptions = true,
            description = "VQA accuracy (the challenge's normalisation and 10-choose-9 averaging), overall and per type.")
    static final class VqaScore implements Callable<Integer> {
        @Option(names = "--in", required = true, description = "{\"questions\", \"annotations\", \"predictions\"}")
        Path in;
        @Option(names = "--out", required = true, description = "where the scores go (JSON)")
        Path outFile;
        private final PrintStream out;

        VqaScore(PrintStream out) {
            this.out = out;
        }

        @Override
        public Integer call() throws Exception {
            VqaAccuracy.Result r = new VqaAccuracy().score(ScoreFiles.vqa(in));
            ObjectNode root = ScoreFiles.JSON.createObjectNode();
            root.put("overall", r.overall());
            put(root.putObject("perAnswerType"), r.perAnswerType());
            put(root.putObject("perQuestionType"), r.perQuestionType());
            put(root.putObject("perQuestion"), r.perQuestion());
            ScoreFiles.write(outFile, root);
            out.println("VQA accuracy " + r.overall() + " %, per answer type " + r.perAnswerType());
            out.println("scores written to " + outFile);
            return 0;
        }

        private static void put(ObjectNode n, Map<String, Double> values) {
            values.forEach(n::put);
        }
    }

    @Command(name = "pope", mixinStandardHelpOptions = true,
            description = "POPE: answers read as yes/no by POPE's rule; accuracy, precision, recall, F1, yes-ratio.")
    static final class PopeScoreCommand implements Callable<Integer> {
        @Option(names = "--in", required = true, description = "{\"answers\": [..], \"labels\": [\"yes\"|\"no\", ..]}")
        Path in;
        @Option(names = "--out", required = true, description = "where the scores go (JSON)")
        Path outFile;
        private final PrintStream out;

        PopeScoreCommand(PrintStream out) {
            this.out = out;
        }

        @Override
        public Integer call() throws Exception {
            List<List<String>> data = ScoreFiles.pope(in);
            PopeScore s = PopeScore.of(data.get(0), data.get(1));
            ObjectNode root = ScoreFiles.JSON.createObjectNode();
            root.put("accuracy", s.accuracy());
            root.put("precision", s.precision());
            root.put("recall", s.recall());
            root.put("f1", s.f1());
            root.put("yesRatio", s.yesRatio());
            ObjectNode counts = root.putObject("counts");
            counts.put("truePositives", s.truePositives());
            counts.put("falsePositives", s.falsePositives());
            counts.put("trueNegatives", s.trueNegatives());
            counts.put("falseNegatives", s.falseNegatives());
            ScoreFiles.write(outFile, root);
            out.println(String.format(Locale.ROOT, "POPE accuracy %.4f  precision %.4f  recall %.4f  F1 %.4f  yes %.4f",
                    s.accuracy(), s.precision(), s.recall(), s.f1(), s.yesRatio()));
            out.println("scores written to " + outFile);
            return 0;
        }
    }
}
