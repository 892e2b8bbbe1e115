package dev.crosstalk.results.shard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One slice of a job split over {@code count} runners: {@code index} of {@code count}, zero-based, written
 * {@code I/N} (e.g. {@code 0/4}). The slice is a pure function of (index, count, position): element {@code i}
 * of any list belongs to shard {@code i % count}. Round-robin rather than contiguous blocks, so that the shards
 * of a list whose cost grows along it (users of growing id length, providers in registration order) get
 * similar work; and every runner computes the same slices without talking to the others.
 *
 * <p>On a Kubernetes Indexed Job every pod sees its index in {@code JOB_COMPLETION_INDEX}: {@code --shard
 * job/4} reads it from there, so one pod template serves every shard.
 *
 * @param index this shard, {@code 0 <= index < count}
 * @param count how many shards the job has, at least 1
 */
public record Shard(int index, int count) {

    /** The environment variable a Kubernetes Indexed Job sets in each pod. */
    public static final String K8S_INDEX = "JOB_COMPLETION_INDEX";

    /** The whole job: one shard. */
    public static final Shard WHOLE = new Shard(0, 1);

    public Shard {
        if (count < 1) {
            throw new IllegalArgumentException("a job has at least 1 shard, not " + count);
        }
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("shard " + index + " of " + count + ": the index runs from 0 to "
                    + (count - 1));
        }
    }

    /** Parses {@code I/N}; {@code job/N} takes I from {@link #K8S_INDEX} in the process's environment. */
    public static Shard parse(String spec) {
        return parse(spec, System.getenv());
    }

    /** {@link #parse(String)} with the environment given (for tests). */
    public static Shard parse(String spec, Map<String, String> env) {
        String s = spec == null ? "" : spec.strip();
        int slash = s.indexOf('/');
        if (slash <= 0 || slash == s.length() - 1) {
            throw new IllegalArgumentException("shard '" + spec + "': expected I/N, e.g. 0/4 (or job/4 with the index"
                    + " in $" + K8S_INDEX + ")");
        }
        String i = s.substring(0, slash);
        String n = s.substring(slash + 1);
        if (i.equals("job")) {
            String fromEnv = env.get(K8S_INDEX);
            if (fromEnv == null || fromEnv.isBlank()) {
                throw new IllegalArgumentException("shard '" + spec + "': $" + K8S_INDEX + " is not set (it is set in"
                        + " the pods of a Kubernetes Indexed Job); give the index instead, e.g. 0/" + n);
            }
            i = fromEnv.strip();
        }
        int index;
        int count;
        try {
            index = Integer.parseInt(i);
            count = Integer.parseInt(n);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("shard '" + spec + "': expected I/N with whole numbers, e.g. 0/4");
        }
        return new Shard(index, count);
    }

    /** Whether position {@code i} of a sliced list is this shard's. */
    public boolean owns(int i) {
        return i % count == index;
    }

    /** This shard's elements of {@code all}, in their order. */
    public <T> List<T> slice(List<T> all) {
        List<T> mine = new ArrayList<>();
        for (int i = index; i < all.size(); i += count) {
            mine.add(all.get(i));
        }
        return mine;
    }

    /** How many of {@code total} positions are this shard's. */
    public int sizeOf(int total) {
        return total <= index ? 0 : (total - index + count - 1) / count;
    }

    /** Whether this is the whole job (no sharding). */
    public boolean whole() {
        return count == 1;
    }

    /** {@code I/N}, as parsed. */
    @Override
    public String toString() {
        return index + "/" + count;
    }
}
