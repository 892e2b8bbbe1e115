package dev.crosstalk.harness.explore;

import dev.crosstalk.results.archive.ExploreResults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A stand-in for the explore engine's {@code dev.crosstalk.explore.Main}, run as the child JVM by the runner tests
 * (as BenchRunnerTest replays a recorded JMH run): it keeps the engine's contract — progress lines on stdout, the
 * violation's trace and {@code replay: TOKEN}, {@code --out FILE} written as {@link ExploreResults}, exit 0 when
 * written, 2 for bad arguments, 3 when it could not run — and takes what it "finds" from a given file.
 *
 * <p>System properties: {@code fake.explore.results} the {@link ExploreResults} to report (rows of managers not
 * asked for with {@code --managers} are dropped, as the engine would not run them); {@code fake.explore.exit} an
 * exit code to end with instead, writing nothing; {@code fake.explore.args} a file to record the arguments in;
 * {@code fake.explore.reproduces=false} a replay whose interleaving now keeps the contract.
 */
public final class FakeExploreMain {

    private FakeExploreMain() {
    }

    public static void main(String[] args) throws IOException {
        String record = System.getProperty("fake.explore.args");
        if (record != null) {
            Files.writeString(Path.of(record), String.join("\n", args) + "\n");
        }
        Integer exit = Integer.getInteger("fake.explore.exit");
        if (exit != null) {
            System.out.println("explore: could not run (fake exit " + exit + ")");
            System.exit(exit);
        }
        List<String> managers = null;
        String replay = null;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--managers" -> managers = List.of(args[++i].split(","));
                case "--replay" -> replay = args[++i];
                case "--out" -> out = Path.of(args[++i]);
                case "--all" -> managers = null;
                case "--scenarios", "--budget", "--time", "--seed" -> i++;
                default -> {
                    System.out.println("explore: unknown argument " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (out == null) {
            System.out.println("explore: --out FILE is required");
            System.exit(2);
        }
        ExploreResults given = ExploreResults.read(Path.of(System.getProperty("fake.explore.results")));
        List<ExploreResults.Row> rows = new ArrayList<>();
        if (replay != null) {
            String token = replay;
            ExploreResults.Row failing = given.results().stream().filter(r -> token.equals(r.replay())).findFirst()
                    .orElse(null);
            if (failing == null) {
                System.out.println("explore: not a replay token: " + token);
                System.exit(2);
            }
            boolean reproduces = !"false".equals(System.getProperty("fake.explore.reproduces"));
            rows.add(reproduces ? failing : new ExploreResults.Row(failing.manager(), failing.kind(),
                    failing.failureClass(), failing.scenario(), ExploreResults.CLEAN, 1, 0.1, null, List.of(), null));
        } else {
            Set<String> wanted = managers == null ? null : Set.copyOf(managers);
            given.results().stream().filter(r -> wanted == null || wanted.contains(r.manager())).forEach(rows::add);
        }
        for (ExploreResults.Row r : rows) {
            System.out.printf(Locale.ROOT, "explore %s %s: %s (%d interleavings, %.1f s)%n", r.manager(), r.scenario(),
                    r.outcome(), r.interleavings(), r.seconds());
            if (ExploreResults.VIOLATION.equals(r.outcome())) {
                r.trace().forEach(step -> System.out.println("  " + step));
                System.out.println("replay: " + r.replay());
            }
        }
        new ExploreResults(given.schema(), given.instrument(), given.engine(), given.seed(), given.budget(),
                given.timeSeconds(), given.started(), given.ended(), rows).write(out);
    }
}
