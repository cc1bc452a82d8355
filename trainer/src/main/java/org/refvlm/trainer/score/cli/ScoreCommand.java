package org.refvlm.trainer.score.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
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
import org.refvlm.cli.CommandLines;
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
            synopsisSubcommandLabel = "coco|captions|vqa|pope")
    static final class Root {
    }

    @Override
    public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new Root())
                .addSubcommand(new CocoScore())
                .addSubcommand(new CaptionScore())
                .addSubcommand(new VqaScore())
                .addSubcommand(new PopeScoreCommand());
        CommandLines.configure(cl, out, err);
        if (args.isEmpty()) {
            cl.getErr().println("score: name what to score: coco, captions, vqa or pope");
            cl.usage(cl.getErr());
            cl.getErr().flush();
            return CommandLines.USAGE;
        }
        return CommandLines.execute(cl, args);
    }

    /** What every subcommand has: where the scores go; it prints for people on the command line's output. */
    abstract static class Scoring implements Callable<Integer> {
        @Option(names = "--out", required = true, description = "where the scores go (JSON)")
        Path outFile;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        /** Writes the scores (a record or map, as Jackson writes it) and says where. */
        void write(Object scores, String line) throws Exception {
            ScoreFiles.write(outFile, ScoreFiles.JSON.valueToTree(scores));
            PrintWriter out = spec.commandLine().getOut();
            out.println(line);
            out.println("scores written to " + outFile);
            out.flush();
        }
    }

    /** A subcommand reading one input file. */
    abstract static class OneFile extends Scoring {
        @Option(names = "--in", required = true, description = "the predictions and the truth (see docs/evaluation.md)")
        Path in;
    }

    @Command(name = "coco", description = "COCO evaluation as pycocotools' COCOeval: the summary numbers and per-category AP.")
    static final class CocoScore extends Scoring {
        @Option(names = "--gt", required = true, description = "COCO annotation file (ground truth)")
        Path gt;
        @Option(names = "--results", required = true, description = "COCO results file (a JSON array of detections)")
        Path results;
        @Option(names = "--type", required = true, description = "bbox, segm or keypoints")
        String type;


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
            write(CocoScores.json(ev), String.join("\n", ev.summary()));
            return 0;
        }
    }

    /** {@code score captions}' JSON. */
    record CaptionScores(@JsonProperty("CIDEr-D") double cider, @JsonProperty("CIDEr-D per image") Map<String, Double> perImage,
            @JsonProperty("BLEU") double[] bleu, @JsonProperty(Meteor.NAME) double meteor) {
    }

    @Command(name = "captions", description = "CIDEr-D, BLEU-1..4 and METEOR (exact+stem+synonym) of candidate captions against references.")
    static final class CaptionScore extends OneFile {
        @Option(names = "--no-tokenize", description = "the texts are already tokenised and lower-cased: skip the PTB step")
        boolean noTokenize;


        @Override
        public Integer call() throws Exception {
            CaptionSet set = ScoreFiles.captions(in);
            if (!noTokenize) {
                set = set.tokenised(new PtbTokenizer());
            }
            CiderD.Result cider = new CiderD().score(set);
            double[] bleu = new Bleu().score(set);
            double meteor = new Meteor().score(set).score();
            write(new CaptionScores(cider.score(), cider.perImage(), bleu, meteor), String.format(Locale.ROOT,
                    "CIDEr-D %.4f  BLEU-4 %.4f  %s %.4f  (%d captions)", cider.score(), bleu[3], Meteor.NAME, meteor,
                    set.ids().size()));
            return 0;
        }
    }

    @Command(name = "vqa", description = "VQA accuracy (the challenge's normalisation and 10-choose-9 averaging), overall and per type.")
    static final class VqaScore extends OneFile {

        @Override
        public Integer call() throws Exception {
            VqaAccuracy.Result r = new VqaAccuracy().score(ScoreFiles.vqa(in));
            write(r, "VQA accuracy " + r.overall() + " %, per answer type " + r.perAnswerType());
            return 0;
        }
    }

    /** {@code score pope}'s JSON. */
    record PopeScores(double accuracy, double precision, double recall, double f1, double yesRatio, PopeScore counts) {
    }

    @Command(name = "pope", description = "POPE: answers read as yes/no by POPE's rule; accuracy, precision, recall, F1, yes-ratio.")
    static final class PopeScoreCommand extends OneFile {

        @Override
        public Integer call() throws Exception {
            List<List<String>> data = ScoreFiles.pope(in);
            PopeScore s = PopeScore.of(data.get(0), data.get(1));
            write(new PopeScores(s.accuracy(), s.precision(), s.recall(), s.f1(), s.yesRatio(), s), String.format(
                    Locale.ROOT, "POPE accuracy %.4f  precision %.4f  recall %.4f  F1 %.4f  yes %.4f", s.accuracy(),
                    s.precision(), s.recall(), s.f1(), s.yesRatio()));
            return 0;
        }
    }
}
