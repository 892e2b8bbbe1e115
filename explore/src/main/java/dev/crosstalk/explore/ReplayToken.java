package dev.crosstalk.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A self-contained token that reproduces one failing interleaving: {@code MANAGER/SCENARIO/SEED/ORDER/N}, ORDER
 * being the order the scenario's threads were started in (actor indices, {@code 2-0-1}). The engine's search is
 * deterministic for a scenario, a start order and a budget, so exploring {@code N} interleavings of that order
 * again reaches the same failure as the {@code N}th. A token of the first release, {@code MANAGER/SCENARIO/SEED/N},
 * still replays: its order is the one the seed chooses first.
 *
 * @param order the start order, or null for a first-release token (the seed's order)
 */
record ReplayToken(String manager, String scenario, long seed, List<Integer> order, long interleavings) {

    ReplayToken {
        order = order == null ? null : List.copyOf(order);
    }

    static ReplayToken parse(String token) {
        String[] parts = token.split("/", -1);
        if ((parts.length != 4 && parts.length != 5) || parts[0].isBlank() || parts[1].isBlank()) {
            throw new IllegalArgumentException("a replay token is MANAGER/SCENARIO/SEED/ORDER/N, got \"" + token
                    + "\"");
        }
        try {
            long seed = Long.parseLong(parts[2]);
            long n = Long.parseLong(parts[parts.length - 1]);
            if (n < 1) {
                throw new IllegalArgumentException("the N of a replay token is at least 1, got " + n);
            }
            List<Integer> order = null;
            if (parts.length == 5) {
                order = new ArrayList<>();
                for (String index : parts[3].split("-", -1)) {
                    order.add(Integer.parseInt(index));
                }
            }
            return new ReplayToken(parts[0], parts[1], seed, order, n);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a replay token is MANAGER/SCENARIO/SEED/ORDER/N with numbers for SEED"
                    + " and N and actor indices joined by '-' for ORDER, got \"" + token + "\"");
        }
    }

    /** The start order to replay over {@code scenario}; refuses an order that is not a permutation of its actors. */
    List<Integer> order(Scenario scenario) {
        if (order == null) {
            return Explorer.threadOrder(scenario, seed);
        }
        int n = scenario.actors().size();
        if (order.size() != n || order.stream().distinct().count() != n
                || order.stream().anyMatch(i -> i < 0 || i >= n)) {
            throw new IllegalArgumentException("the ORDER of replay token " + this + " is not an order of the "
                    + n + " threads of scenario " + scenario.name());
        }
        return order;
    }

    @Override
    public String toString() {
        return manager + "/" + scenario + "/" + seed + "/"
                + (order == null ? "" : order.stream().map(String::valueOf).collect(Collectors.joining("-")) + "/")
                + interleavings;
    }
}
