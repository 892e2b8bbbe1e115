package dev.crosstalk.harness.stress;

import dev.crosstalk.results.archive.StressResults;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The probes that need more samples than their JCStress mode gives them, and how many more: a property of
 * the probe's race window, never of a defect. A check-then-act window spans a whole {@code obtain}, so a
 * few dozen samples show it; a publication window is one store wide (the reference escapes a store before
 * the field it should have followed), so the {@code publication} probe sees it in about 0.01–0.6 % of
 * samples and the 32 of sanity mode never do (docs/stress.md, "Probe budgets").
 *
 * <p>A probe with a larger budget runs in its own JCStress invocation per manager, after the main one,
 * with its extra arguments; the results are merged as if one run did it ({@link StressRunner}). The
 * other modes already take millions of samples per probe, so they keep JCStress's settings.
 */
public final class ProbeBudgets {

    /** Probe → mode → the JCStress arguments its own invocation adds (each an option and its value). */
    static final Map<String, Map<StressMode, List<String>>> LARGER = Map.of(
            // Sanity runs one sample per stride (-strideSize 1), each behind a barrier: the actors rarely drift
            // into a one-store window (-time 1000 that way: 0 of ~40k samples, twice, under load). 256-sample
            // strides, 10 per iteration, for 100 ms: ~300k-770k samples, caught 5 of 5 runs; ~30 s per manager
            // as its own invocation (docs/stress.md, "Probe budgets").
            "publication", Map.of(StressMode.SANITY,
                    List.of("-time", "100", "-strideSize", "256", "-strideCount", "10")));

    /**
     * One JCStress invocation of a manager's probes.
     *
     * @param tests  the test classes it selects
     * @param extra  the JCStress arguments it adds to the run's (empty: the main invocation)
     */
    public record Invocation(List<String> tests, List<String> extra) {

        public Invocation {
            tests = List.copyOf(tests);
            extra = List.copyOf(extra);
        }

        public boolean main() {
            return extra.isEmpty();
        }

        /** Its probes' short names joined with "+" (the folder of its raw files and report). */
        public String label() {
            return tests.stream().map(StressResults::probeName).collect(Collectors.joining("+"));
        }

        /** A JCStress {@code -t} selecting exactly its tests. */
        public String selector() {
            return tests.stream().map(Pattern::quote).collect(Collectors.joining("|", "^(?:", ")$"));
        }
    }

    private ProbeBudgets() {
    }

    /**
     * The extra JCStress arguments of {@code probe} in {@code mode}, less the options the user already set for
     * the whole run ({@code userArgs}, e.g. {@code -time 200}: the user's choice wins, and JCStress takes an
     * option once); empty if the probe runs with the run's own budget.
     */
    public static List<String> extraArgs(String probe, StressMode mode, List<String> userArgs) {
        List<String> declared = LARGER.getOrDefault(probe, Map.of()).getOrDefault(mode, List.of());
        List<String> kept = new ArrayList<>();
        for (int i = 0; i + 1 < declared.size(); i += 2) {
            if (!userArgs.contains(declared.get(i))) {
                kept.add(declared.get(i));
                kept.add(declared.get(i + 1));
            }
        }
        return List.copyOf(kept);
    }

    /**
     * The invocations that run {@code tests} in {@code mode}: the main one (the tests with no larger budget,
     * omitted if none), then one per distinct extra budget, in test order. Without a larger budget, a single
     * main invocation.
     */
    public static List<Invocation> plan(List<String> tests, StressMode mode, List<String> userArgs) {
        Map<List<String>, List<String>> byExtra = new LinkedHashMap<>();
        byExtra.put(List.of(), new ArrayList<>());
        for (String test : tests) {
            byExtra.computeIfAbsent(extraArgs(StressResults.probeName(test), mode, userArgs), e -> new ArrayList<>())
                    .add(test);
        }
        List<Invocation> out = new ArrayList<>();
        byExtra.forEach((extra, selected) -> {
            if (!selected.isEmpty()) {
                out.add(new Invocation(selected, extra));
            }
        });
        return out;
    }

    /** Probe → the extra JCStress arguments it ran with, for every probe of {@code plan} that had a larger budget. */
    public static Map<String, List<String>> budgets(List<Invocation> plan) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        plan.stream().filter(i -> !i.main())
                .forEach(i -> i.tests().forEach(t -> out.put(StressResults.probeName(t), i.extra())));
        return out;
    }
}
