package dev.crosstalk.explore;

import dev.crosstalk.manager.spi.ManagerBackend;
import dev.crosstalk.manager.spi.ManagerProvider;
import dev.crosstalk.results.archive.ExploreResults;
import org.jetbrains.lincheck.Lincheck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Explores the interleavings of one scenario over one provider with Lincheck's model checker: Lincheck
 * instruments the bytecode of everything the scenario runs (the provider's classes included, so no cooperation and
 * no hook is needed) and switches threads at shared-memory accesses and synchronisation, under a sequentially
 * consistent model. The first interleaving whose final check breaks the contract is reported with its trace.
 *
 * <p>Lincheck's search has no seed of its own and is deterministic; the seed chooses the order in which the
 * scenario's threads are created and started, which changes the order the search visits interleavings. So a
 * scenario, a seed and a number of interleavings determine the result, which is what a replay token holds.
 *
 * <p>Runs on the caller's thread; Lincheck allows one exploration per JVM at a time.
 */
final class Explorer {

    static final String ENGINE = "lincheck 3.7";

    /** How many more searches may be spent on a violation whose trace Lincheck could not render. */
    private static final int TRACE_RETRIES = 3;

    /** How many more searches may be spent on a search that Lincheck's per-interleaving wall-time limit ended. */
    private static final int HANG_RETRIES = 2;

    /** Thrown inside an interleaving when the time cap is reached: ends the search without a finding. */
    private static final class TimeUp extends RuntimeException {
        TimeUp() {
            super("time cap reached", null, false, false);
        }
    }

    private Explorer() {
    }

    /**
     * Explores up to {@code budget} interleavings of {@code scenario} over {@code provider}, for at most
     * {@code timeCap} (null: no cap). Never throws for what the provider does: that is the outcome.
     *
     * <p>Lincheck's search starts from the order in which the scenario's threads are started, and for some
     * programs it declares its tree complete after a handful of interleavings without ever running the threads
     * in another order (measured: a global recovery queue drained by the wrong user is found from 2 of 6 start
     * orders, and never from the others). Every start order is a legitimate execution of the scenario, so each
     * one is searched in turn (at most 3! = 6), the seed's first, the budget shared among them; what one order's
     * search leaves unspent (a tree exhausted early) goes to the next.
     */
    static Outcome explore(ManagerProvider provider, Scenario scenario, long seed, long budget, Duration timeCap) {
        long t0 = System.nanoTime();
        Optional<String> notApplicable = scenario.notApplicable().apply(provider);
        if (notApplicable.isPresent()) {
            return new Outcome(ExploreResults.NOT_APPLICABLE, 0, seconds(t0), notApplicable.get(), List.of(), null);
        }
        List<List<Integer>> orders = startOrders(scenario, seed);
        long deadline = timeCap == null ? Long.MAX_VALUE : t0 + timeCap.toNanos();
        long explored = 0;
        for (int i = 0; i < orders.size(); i++) {
            long left = budget - explored;
            long now = System.nanoTime();
            if (left <= 0 || now >= deadline) {
                break;
            }
            long slice = (left + orders.size() - i - 1) / (orders.size() - i);
            Duration cap = timeCap == null ? null : Duration.ofNanos(deadline - now);
            Outcome o = searchWithTrace(provider, scenario, seed, orders.get(i), slice, cap, t0);
            if (!o.outcome().equals(ExploreResults.CLEAN)) {
                // the failing interleaving counts after every one the earlier orders explored
                return new Outcome(o.outcome(), explored + o.interleavings(), o.seconds(), o.failure(), o.trace(),
                        o.replay());
            }
            explored += o.interleavings();
        }
        return new Outcome(ExploreResults.CLEAN, explored, seconds(t0), null, List.of(), null);
    }

    /** Replays {@code token}: its one start order, searched up to its failing interleaving. */
    static Outcome replay(ManagerProvider provider, Scenario scenario, ReplayToken token) {
        long t0 = System.nanoTime();
        return searchWithTrace(provider, scenario, token.seed(), token.order(scenario), token.interleavings(), null,
                t0);
    }

    /**
     * The scenario's thread start orders, each once: the seed's shuffle first, then every other permutation of
     * the actors in an order the seed also chooses.
     */
    static List<List<Integer>> startOrders(Scenario scenario, long seed) {
        List<Integer> first = threadOrder(scenario, seed);
        List<List<Integer>> rest = new ArrayList<>();
        permutations(new ArrayList<>(), scenario.actors().size(), rest);
        rest.remove(first);
        Collections.shuffle(rest, new Random(seed));
        List<List<Integer>> orders = new ArrayList<>();
        orders.add(first);
        orders.addAll(rest);
        return orders;
    }

    private static void permutations(List<Integer> prefix, int n, List<List<Integer>> out) {
        if (prefix.size() == n) {
            out.add(List.copyOf(prefix));
            return;
        }
        for (int i = 0; i < n; i++) {
            if (!prefix.contains(i)) {
                prefix.add(i);
                permutations(prefix, n, out);
                prefix.remove(prefix.size() - 1);
            }
        }
    }

    /** One order's search; a violation whose trace Lincheck could not render is searched again for its trace. */
    private static Outcome searchWithTrace(ManagerProvider provider, Scenario scenario, long seed,
                                           List<Integer> order, long budget, Duration timeCap, long t0) {
        Outcome found = search(provider, scenario, seed, order, budget, timeCap, t0);
        // Lincheck gives every interleaving 30 s of wall time and reports "has hung" past it; on an overloaded
        // machine a search can cross that without any hang of the manager's. The search is deterministic, so it
        // is run again; a hang that repeats is reported as the error it is (the matrix then cannot vouch).
        for (int retry = 0; retry < HANG_RETRIES && found.hung(); retry++) {
            found = search(provider, scenario, seed, order, budget, timeCap, t0);
        }
        // Lincheck renders the trace by replaying the failing interleaving, and its renderer sometimes fails on its
        // own (an IndexOutOfBoundsException in its trace post-processing, Lincheck issue #1012): the violation is
        // real, only its trace is missing. The search is deterministic, so searching again up to the failing
        // interleaving reaches the same failure, and usually renders it.
        for (int retry = 0; retry < TRACE_RETRIES && found.traceMissing(); retry++) {
            Outcome again = search(provider, scenario, seed, order, found.interleavings(), null, t0);
            if (again.outcome().equals(found.outcome()) && again.interleavings() == found.interleavings()
                    && Objects.equals(again.failure(), found.failure()) && !again.traceMissing()) {
                return again;
            }
        }
        return found;
    }

    /** Searches once; a violation whose trace Lincheck could not render has the renderer's error as its trace. */
    private static Outcome search(ManagerProvider provider, Scenario scenario, long seed, List<Integer> order,
                                  long budget, Duration timeCap, long t0) {
        List<String> threadNames = order.stream().map(i -> scenario.actors().get(i).name()).toList();
        AtomicLong invocations = new AtomicLong();
        AtomicLong failedAt = new AtomicLong();
        AtomicReference<String> failure = new AtomicReference<>();
        AtomicBoolean timeUp = new AtomicBoolean();
        AtomicReference<World> published = new AtomicReference<>();
        Runnable interleaving = () -> {
            // Lincheck replays the failing interleaving to trace it, and the replay must take the same steps:
            // so every step here runs unconditionally, whatever the values read (no short-circuit on them).
            long n = invocations.incrementAndGet();
            boolean over = timeUp.get();
            boolean searching = failedAt.get() == 0;
            if (over & searching) {
                throw new TimeUp();
            }
            ManagerBackend backend = provider.start(scenario.options());
            try {
                World world = new World(backend, Unobserved.INSIDE_LINCHECK);
                scenario.setUp().accept(world);
                // Published through an object made outside the interleaving: Lincheck then treats what the set-up
                // built (the backend, its managers, the tabs) as shared, and switches threads at its accesses.
                published.set(world);
                List<Thread> threads = new ArrayList<>();
                for (int i : order) {
                    Scenario.Actor actor = scenario.actors().get(i);
                    threads.add(new Thread(() -> actor.body().accept(world)));
                }
                // Started here, not through a method reference: Lincheck intercepts Thread.start in this code.
                for (Thread t : threads) {
                    t.start();
                }
                for (Thread t : threads) {
                    t.join();
                }
                scenario.finale().accept(world);
                world.check();
            } catch (ContractViolation v) {
                failedAt.compareAndSet(0, n);
                failure.compareAndSet(null, v.getMessage());
                throw v;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while joining the scenario's threads", e);
            } finally {
                closeQuietly(backend);
            }
        };
        warmUp(provider, scenario);
        // The cap is kept by a watchdog outside the explored code: inside it, Lincheck makes time deterministic (and
        // a latch there would be one more explored synchronisation, so the watchdog polls the counter instead).
        // Without a cap (a budget alone) there is no watchdog at all.
        Thread watchdog = timeCap == null ? null : new Thread(() -> {
            try {
                // Counted from the first interleaving: attaching the agent and instrumenting is not the search.
                while (invocations.get() == 0) {
                    Thread.sleep(10);
                }
                Thread.sleep(timeCap.toMillis());
                timeUp.set(true);
            } catch (InterruptedException done) {
                // the search ended first
            }
        }, "explore-time-cap");
        if (watchdog != null) {
            watchdog.setDaemon(true);
            watchdog.start();
        }
        try {
            Lincheck.runConcurrentTest((int) Math.min(Integer.MAX_VALUE, budget), interleaving);
            return new Outcome(ExploreResults.CLEAN, invocations.get(), seconds(t0), null, List.of(), null);
        } catch (Throwable reported) {
            if (Boolean.getBoolean("explore.rawReport") || System.getenv("EXPLORE_RAW_REPORT") != null) {
                System.err.println(reported.getMessage());
            }
            if (failedAt.get() > 0) {
                List<String> trace = new ArrayList<>(LincheckTrace.lines(reported.getMessage(), threadNames));
                if (trace.isEmpty()) {
                    trace.add(Outcome.TRACE_MISSING + firstLines(reported));
                }
                trace.add("[check] " + failure.get());
                ReplayToken token = new ReplayToken(provider.name(), scenario.name(), seed, order, failedAt.get());
                return new Outcome(ExploreResults.VIOLATION, failedAt.get(), seconds(t0), failure.get(), trace,
                        token.toString());
            }
            if (timeUp.get()) {
                return new Outcome(ExploreResults.CLEAN, invocations.get() - 1, seconds(t0), null, List.of(), null);
            }
            return new Outcome(ExploreResults.ERROR, invocations.get(), seconds(t0), firstLines(reported), List.of(),
                    null);
        } finally {
            if (watchdog != null) {
                watchdog.interrupt();
            }
        }
    }

    /**
     * Runs the scenario once, unexplored, so that every class it touches is loaded and initialised before the
     * search: a static initialiser run inside the first explored interleaving adds steps that a later search in a
     * warmer JVM would not see, and the same seed must give the same search in a fresh JVM and a warm one.
     */
    private static void warmUp(ManagerProvider provider, Scenario scenario) {
        ManagerBackend backend = provider.start(scenario.options());
        try {
            // outside Lincheck (the agent may not be attached yet): nothing to hide from it
            World world = new World(backend, Unobserved.NOTHING);
            scenario.setUp().accept(world);
            for (Scenario.Actor actor : scenario.actors()) {
                actor.body().accept(world); // one after another, on this thread
            }
            scenario.finale().accept(world);
            world.check();
        } catch (RuntimeException | AssertionError ignored) {
            // only the loading matters here; the search reports what breaks
        } finally {
            closeQuietly(backend);
        }
    }

    /** The order the scenario's actors are created and started in, chosen by the seed. */
    static List<Integer> threadOrder(Scenario scenario, long seed) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < scenario.actors().size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed ^ scenario.name().hashCode()));
        return order;
    }

    private static String firstLines(Throwable t) {
        String message = t.getMessage() == null ? t.getClass().getName() : t.getMessage().strip();
        String[] lines = message.split("\n");
        StringBuilder out = new StringBuilder(t.getClass().getSimpleName()).append(": ");
        for (int i = 0; i < Math.min(lines.length, 4); i++) {
            if (!lines[i].isBlank()) {
                out.append(lines[i].strip()).append(' ');
            }
        }
        return out.toString().strip();
    }

    private static void closeQuietly(ManagerBackend backend) {
        try {
            backend.close();
        } catch (RuntimeException ignored) {
            // the interleaving's verdict is already made
        }
    }

    private static double seconds(long t0) {
        return Math.round((System.nanoTime() - t0) / 1e7) / 100.0;
    }
}
