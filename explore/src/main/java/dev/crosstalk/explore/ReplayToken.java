package dev.crosstalk.explore;

/**
 * A self-contained token that reproduces one failing interleaving: {@code MANAGER/SCENARIO/SEED/N}. The
 * engine's search is deterministic for a scenario, a seed (which orders the scenario's threads) and a budget, so
 * exploring {@code N} interleavings again reaches the same failure as the {@code N}th.
 */
record ReplayToken(String manager, String scenario, long seed, long interleavings) {

    static ReplayToken parse(String token) {
        String[] parts = token.split("/", -1);
        if (parts.length != 4 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new IllegalArgumentException("a replay token is MANAGER/SCENARIO/SEED/N, got \"" + token + "\"");
        }
        try {
            long seed = Long.parseLong(parts[2]);
            long n = Long.parseLong(parts[3]);
            if (n < 1) {
                throw new IllegalArgumentException("the N of a replay token is at least 1, got " + n);
            }
            return new ReplayToken(parts[0], parts[1], seed, n);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a replay token is MANAGER/SCENARIO/SEED/N with numbers for SEED and N,"
                    + " got \"" + token + "\"");
        }
    }

    @Override
    public String toString() {
        return manager + "/" + scenario + "/" + seed + "/" + interleavings;
    }
}
