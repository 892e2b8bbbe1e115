import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How much of each CPU this machine really gives you, second by second: one thread per CPU spins on
 * {@link System#nanoTime()} and adds up the gaps longer than 20 µs — the time its thread was not running
 * although it never blocked. Where the CPUs are the machine's own, that should be little more than timer interrupts.
 * On a virtual machine it includes the time the host took away, which a guest without a steal clock ({@code /proc/stat}'s
 * steal column stays 0) cannot see any other way: it books that time as the spinning thread's own CPU, and every
 * benchmark measured in wall time absorbs it. Gaps of ~100 ms, several a second, are the mark of a CPU quota on the
 * host (the CFS bandwidth period): on the 2-core guest of docs/results.md, with both CPUs busy, each lost 2–17 % of
 * its time that way; a 400 ms JMH iteration that loses one such slice is a third slower.
 *
 * <p>Run it on an otherwise idle machine before trusting a benchmark comparison made there (docs/results.md,
 * "What the two levels are"):
 * <pre>
 *   java examples/machine/CpuGaps.java 60          # 60 s, one spinner per CPU
 *   java examples/machine/CpuGaps.java 20 1        # 20 s, one spinner (the other CPUs left idle)
 * </pre>
 * It prints, per second, the share of that second each spinner lost and its longest gap, then a summary. The
 * spinners use the CPUs fully: run nothing else meanwhile, and do not run it while a benchmark runs.
 */
public final class CpuGaps {

    /** A gap longer than this is time the thread did not run (a clock read took ~26 ns on that guest). */
    static final long GAP_NANOS = 20_000;

    /** What one spinner saw in one second. */
    record Second(double lostShare, long longestGapNanos) {}

    public static void main(String[] args) throws InterruptedException {
        int seconds = argument(args, 0, 30);
        int spinners = argument(args, 1, Runtime.getRuntime().availableProcessors());
        if (seconds < 1 || spinners < 1) {
            System.err.println("usage: java CpuGaps.java [SECONDS >= 1] [SPINNERS >= 1]");
            System.exit(2);
        }
        List<List<Second>> seen = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < spinners; s++) {
            List<Second> mine = new ArrayList<>();   // written by its spinner only, read after join
            seen.add(mine);
            Thread t = new Thread(() -> spin(seconds, mine), "spinner-" + s);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        System.out.printf(Locale.ROOT, "%-6s %s%n", "second", "per spinner: lost share of the second, longest gap");
        for (int i = 0; i < seconds; i++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-6d", i + 1));
            for (List<Second> mine : seen) {
                Second sec = mine.get(i);
                line.append(String.format(Locale.ROOT, "  %5.1f %% %6.2f ms", 100 * sec.lostShare(), sec.longestGapNanos() / 1e6));
            }
            System.out.println(line);
        }
        for (int s = 0; s < spinners; s++) {
            double[] shares = seen.get(s).stream().mapToDouble(Second::lostShare).sorted().toArray();
            System.out.printf(Locale.ROOT, "spinner %d: lost %.1f %% of its time (median second %.1f %%, worst %.1f %%, best %.1f %%)%n",
                    s, 100 * Arrays.stream(shares).average().orElse(0), 100 * shares[shares.length / 2],
                    100 * shares[shares.length - 1], 100 * shares[0]);
        }
    }

    /** {@code args[i]} as a number, {@code otherwise} when absent, 0 (refused by the caller) when not a number. */
    static int argument(String[] args, int i, int otherwise) {
        try {
            return args.length > i ? Integer.parseInt(args[i]) : otherwise;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Spins for {@code seconds}, one {@link Second} per second into {@code out}. */
    static void spin(int seconds, List<Second> out) {
        long start = System.nanoTime();
        long prev = start;
        long secondEnd = start + 1_000_000_000L;
        long lost = 0;
        long longest = 0;
        while (out.size() < seconds) {
            long now = System.nanoTime();
            long d = now - prev;
            prev = now;
            if (d > GAP_NANOS) {
                lost += d;
                longest = Math.max(longest, d);
            }
            if (now >= secondEnd) {
                out.add(new Second(Math.min(1.0, lost / 1e9), longest));
                lost = 0;
                longest = 0;
                secondEnd += 1_000_000_000L;
            }
        }
    }
}
