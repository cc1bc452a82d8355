package org.refvlm.spark.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.spark.SparkMain;

/**
 * The evaluation with executors in JVMs of their own, as on a cluster: Spark's {@code local-cluster} master
 * starts a standalone master and two workers, each launching one executor JVM. Four shards over two
 * executors: each executor boots its platform once and answers two shards with it, and the driver's
 * report is the single run's.
 */
class ClusterEvalTest {

    private static final Pattern BOOTED = Pattern.compile("booting the refvlm platform");
    private static final Pattern RECORDED = Pattern.compile("eval: recorded (\\d+) answer\\(s\\) of shard (\\d)/4");

    @TempDir
    Path dir;

    @Test
    void eachExecutorJvmBootsItsPlatformOnceAndTheReportIsTheSingleRunsOne() throws Exception {
        Path data = RecData.write(dir.resolve("rec"), 8, 515151);
        RecData.evaluateAlone(data, dir.resolve("single"));

        Path sparkHome = sparkHome();
        Map<String, String> settings = new LinkedHashMap<>();
        // the executors get this JVM's class path (Spark's jars, the jobs, the launcher) and its JVM options
        settings.put("spark.executor.extraClassPath", System.getProperty("java.class.path"));
        settings.put("spark.executor.extraJavaOptions", String.join(" ", Files.readAllLines(
                Path.of("src/main/dist/jvm.options"))) + " -Dai.djl.offline=true"
                + " -Dlog4j2.configurationFile=" + Path.of("src/main/dist/log4j2.properties").toAbsolutePath());
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int status;
        settings.forEach(System::setProperty);
        try {
            status = new SparkMain().run(List.of("eval", "--master", "local-cluster[2,1,1536]", "--partitions", "4",
                    "--task", "rec", "--data", data.toString(), "--out", dir.resolve("cluster").toString()),
                    new PrintStream(printed, true, StandardCharsets.UTF_8), System.err);
        } finally {
            settings.keySet().forEach(System::clearProperty);
        }
        String report = printed.toString(StandardCharsets.UTF_8);
        List<String> executorLogs = executorLogs(sparkHome);
        assertThat(status).as("%s%nexecutors:%n%s", report, String.join("\n", executorLogs)).isZero();

        assertThat(executorLogs).as("one log per executor JVM").hasSize(2);
        int shards = 0;
        for (String log : executorLogs) {
            assertThat(count(BOOTED.matcher(log))).as("platform boots in one executor JVM:%n%s", log).isEqualTo(1);
            Matcher m = RECORDED.matcher(log);
            while (m.find()) {
                shards++;
            }
        }
        assertThat(shards).isEqualTo(4);
        ObjectMapper json = new ObjectMapper();
        JsonNode one = json.readTree(dir.resolve("single/report.json").toFile());
        JsonNode many = json.readTree(dir.resolve("cluster/report.json").toFile());
        assertThat(untimed(many.path("metrics"))).isEqualTo(untimed(one.path("metrics"))).containsKey("accuracy");
    }

    /**
     * What a worker needs to launch an executor, at {@code $SPARK_HOME} (the pom sets it, and
     * {@code SPARK_SCALA_VERSION}): a Spark home with a {@code RELEASE} file (a distribution, not a source
     * tree) and a {@code jars/} folder, empty: the executors' class path comes from the settings. The work
     * folder of an earlier run is removed, so only this run's executors' logs are read.
     */
    private static Path sparkHome() throws IOException {
        Path home = Path.of(System.getenv("SPARK_HOME"));
        Files.createDirectories(home.resolve("jars"));
        Files.writeString(home.resolve("RELEASE"), "Spark 4.2.0 (test home)\n");
        if (Files.exists(home.resolve("work"))) {
            try (Stream<Path> walk = Files.walk(home.resolve("work"))) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return home;
    }

    /** The stderr of every executor the workers launched ({@code work/<app>/<executor>/stderr}). */
    private static List<String> executorLogs(Path sparkHome) throws IOException {
        List<String> logs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sparkHome.resolve("work"))) {
            for (Path f : files.filter(f -> f.getFileName().toString().equals("stderr")).sorted().toList()) {
                logs.add(Files.readString(f));
            }
        }
        return logs;
    }

    private static int count(Matcher m) {
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static Map<String, Double> untimed(JsonNode metrics) {
        Map<String, Double> m = new LinkedHashMap<>();
        metrics.fields().forEachRemaining(e -> {
            if (!e.getKey().contains("Seconds")) {
                m.put(e.getKey(), e.getValue().asDouble());
            }
        });
        return m;
    }
}
