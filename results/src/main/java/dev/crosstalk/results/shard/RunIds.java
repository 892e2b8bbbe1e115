package dev.crosstalk.results.shard;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.OptionalInt;

/**
 * Run ids that name their owner, so that a leak is attributed on any shard — and at merge time — without a
 * run → owner map shared between drivers. A run id is {@code r<nonce>-<owner>-<tag>}: the random 64-bit nonce
 * in 16 hex digits, the owning user's position in the whole job's user list (every shard derives the same list
 * from the same options) in hex, and the first 32 bits of HMAC-SHA256 over nonce and owner under a key every
 * shard of one job shares (derived from the job's secret).
 *
 * <p>Why a MAC and not the owner alone: the run id travels through the system under test, and a defect may
 * hand a session another run's id, a truncated one or a mix of two. A receiver must then not blame a user who
 * never started that run: an id whose tag does not check is not attributed ({@link #owner} is empty) and is
 * counted as a leak of an unknown owner, exactly as a run id no session of the load issued. 32 bits make a
 * garbled id that still checks a 1-in-4-billion event per id.
 *
 * <p>Thread-safe: each thread keeps its own {@link Mac} (a {@code Mac} is not), initialised from the key.
 */
public final class RunIds {

    private static final HexFormat HEX = HexFormat.of();
    private static final int TAG_HEX = 8;

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> mac;

    /** Run ids under {@code key} (at least 16 bytes). */
    public RunIds(byte[] key) {
        if (key.length < 16) {
            throw new IllegalArgumentException("a run-id key has at least 16 bytes, not " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.mac = ThreadLocal.withInitial(this::newMac);
    }

    /**
     * The run ids of a job whose shards share {@code secret} (e.g. the JWT secret they sign tokens with): the key
     * is HMAC-SHA256("crosstalk run ids", secret), so the secret itself is never sent to the server in an id.
     */
    public static RunIds forSecret(String secret) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8).length == 0
                    ? new byte[1] : secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return new RunIds(m.doFinal("crosstalk run ids".getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The id of a run with random {@code nonce} started by the user at {@code owner} of the job's user list. */
    public String mint(long nonce, int owner) {
        if (owner < 0) {
            throw new IllegalArgumentException("owner " + owner + " is not a position in the user list");
        }
        String n = HEX.toHexDigits(nonce);
        String o = Integer.toHexString(owner);
        return "r" + n + "-" + o + "-" + tag(n, o);
    }

    /**
     * The owner {@link #mint} put into {@code runId}, if the id is well formed and its tag checks under this key;
     * empty for anything else (another job's id, a garbled or truncated one, null).
     */
    public OptionalInt owner(String runId) {
        if (runId == null || runId.length() < 1 + 16 + 1 + 1 + 1 + TAG_HEX || runId.charAt(0) != 'r'
                || runId.charAt(17) != '-') {
            return OptionalInt.empty();
        }
        int second = runId.indexOf('-', 18);
        if (second < 0 || second == 18 || runId.length() - second - 1 != TAG_HEX || second - 18 > 8) {
            return OptionalInt.empty();
        }
        String n = runId.substring(1, 17);
        String o = runId.substring(18, second);
        if (!isLowerHex(n) || !isLowerHex(o) || !runId.substring(second + 1).equals(tag(n, o))) {
            return OptionalInt.empty();
        }
        long owner = Long.parseLong(o, 16);
        return owner > Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of((int) owner);
    }

    private String tag(String nonceHex, String ownerHex) {
        Mac m = mac.get();
        m.update(nonceHex.getBytes(StandardCharsets.US_ASCII));
        m.update((byte) '-');
        byte[] full = m.doFinal(ownerHex.getBytes(StandardCharsets.US_ASCII));
        return HEX.formatHex(full, 0, TAG_HEX / 2);
    }

    private static boolean isLowerHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    private Mac newMac() {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
