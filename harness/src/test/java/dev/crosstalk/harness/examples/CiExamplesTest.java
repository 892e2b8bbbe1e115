package dev.crosstalk.harness.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.crosstalk.harness.cli.CrosstalkCommand;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sharded prerelease examples of examples/ci: the shard count of the matrix (GitHub Actions) or of the loop
 * (Jenkins) and the N of every {@code --shard I/N} agree, every index 0..N-1 runs, the merge waits for the shards and
 * runs even when one found something, and every crosstalk command line in them parses with the real CLI — so that a
 * copied example cannot merge three shards of four or pass a flag that does not exist.
 */
class CiExamplesTest {

    private static final Path DIR = Path.of("..", "examples", "ci");
    private static final Pattern CROSSTALK = Pattern.compile("\\./crosstalk ([^\"'\\n]+)");

    @Test
    void theGitHubWorkflowRunsEveryShardThenMergesAndGates() throws IOException {
        JsonNode wf = new ObjectMapper(new YAMLFactory()).readTree(DIR.resolve("github-prerelease-shards.yml").toFile());
        JsonNode shard = wf.path("jobs").path("shard");
        List<Integer> indices = new ArrayList<>();
        shard.path("strategy").path("matrix").path("shard").forEach(i -> indices.add(i.asInt()));
        int n = indices.size();
        assertThat(n).isGreaterThan(1);
        assertThat(indices).containsExactlyElementsOf(IntStream.range(0, n).boxed().toList());
        assertThat(shard.path("strategy").path("fail-fast").asBoolean(true)).as("every shard's archive is needed").isFalse();
        List<String> runs = runs(shard);
        assertThat(runs).anySatisfy(r -> assertThat(r).contains("--shard ${{ matrix.shard }}/" + n));
        for (int i = 0; i < n; i++) {
            for (String r : runs) {
                parses(r.replace("${{ matrix.shard }}", String.valueOf(i)));
            }
        }

        JsonNode merge = wf.path("jobs").path("merge");
        assertThat(merge.path("needs").asText()).isEqualTo("shard");
        assertThat(merge.path("if").asText()).isEqualTo("always()");
        List<String> mruns = runs(merge);
        assertThat(mruns).anySatisfy(r -> assertThat(r).startsWith("./crosstalk merge "));
        assertThat(mruns).anySatisfy(r -> assertThat(r).startsWith("./crosstalk validate --archive merged/"));
        mruns.forEach(CiExamplesTest::parses);
    }

    @Test
    void theJenkinsfileRunsEveryShardInParallelThenMergesAndGates() throws IOException {
        String jf = Files.readString(DIR.resolve("Jenkinsfile.prerelease-shards"));
        Matcher shards = Pattern.compile("def SHARDS = (\\d+)").matcher(jf);
        assertThat(shards.find()).isTrue();
        int n = Integer.parseInt(shards.group(1));
        assertThat(jf).contains("for (int i = 0; i < SHARDS; i++)", "parallel branches",
                "--shard ${shard}/${SHARDS}", "unstash \"shard-${i}\"", "./crosstalk merge ");
        List<String> commands = new ArrayList<>();
        Matcher m = CROSSTALK.matcher(jf);
        while (m.find()) {
            commands.add("./crosstalk " + m.group(1).strip());
        }
        assertThat(commands).hasSizeGreaterThanOrEqualTo(4);
        for (int i = 0; i < n; i++) {
            for (String c : commands) {
                parses(c.replace("${shard}", String.valueOf(i)).replace("${SHARDS}", String.valueOf(n))
                        .replace(" || true", ""));
            }
        }
    }

    /** The {@code run:} scripts of a job's steps, one command per line. */
    private static List<String> runs(JsonNode job) {
        List<String> out = new ArrayList<>();
        job.path("steps").forEach(s -> {
            if (s.has("run")) {
                s.path("run").asText().lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(out::add);
            }
        });
        return out;
    }

    /** A {@code ./crosstalk …} line parses with the real CLI: its subcommand and flags exist, its values convert. */
    private static void parses(String line) {
        assertThat(line).startsWith("./crosstalk ");
        String[] args = Arrays.stream(line.substring("./crosstalk ".length()).split("\\s+"))
                .filter(a -> !a.isEmpty()).toArray(String[]::new);
        CrosstalkCommand.commandLine().parseArgs(args);
    }
}
