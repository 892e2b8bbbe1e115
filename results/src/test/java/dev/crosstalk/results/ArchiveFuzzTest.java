package dev.crosstalk.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crosstalk.results.archive.Archive;
import dev.crosstalk.results.archive.ArchiveException;
import dev.crosstalk.results.archive.ZipSurgery;
import dev.crosstalk.results.fuzz.Draw;
import dev.crosstalk.results.fuzz.SeededTries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static dev.crosstalk.results.fuzz.Draw.between;
import static dev.crosstalk.results.fuzz.Draw.oneOf;
import static dev.crosstalk.results.fuzz.Draw.unit;
import static dev.crosstalk.results.fuzz.Draw.weight;
import static dev.crosstalk.results.fuzz.Draw.weighted;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the archive reader: a valid archive built by the real writers ({@link Synthetic}), damaged or forged at
 * random (its content rewritten: a JSON value of the wrong type, a duplicate entry, an entry stored rather than
 * deflated; then its bytes: bit flips, truncation, random overwrites, header fields set to lies and huge sizes).
 * Whatever comes of it, {@link Archive#open} reads it or throws an {@link ArchiveException} naming the file, and
 * nothing else: no other exception, no OutOfMemoryError (the module's tests run with {@code -Xmx512m}).
 * Tries: seeded, see {@link SeededTries}: {@code -Dfuzz.tries=N} (300 in verify), {@code -Dfuzz.seed=S} (a fixed
 * default; {@code random} for a new one), {@code -Dfuzz.try=I} to replay the one try a failure names.
 */
class ArchiveFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LEAKS = "load/leaks.jsonl";
    private static Path dir;
    private static Map<String, byte[]> base;
    private static List<String> names;

    @BeforeAll
    static void writeTheBaseArchive() throws IOException {
        dir = Files.createTempDirectory("archive-fuzz");
        Path valid = Synthetic.write(Files.createDirectories(dir.resolve("base")), new Synthetic.Spec().with(s -> {
            s.leaks = 3;
            s.losses = 2;
        }));
        base = ZipSurgery.entries(valid);
        names = List.copyOf(base.keySet());
        bombZip = bomb();
    }

    @AfterAll
    static void removeIt() throws IOException {
        Synthetic.deleteTree(dir);
    }

    /** One try's input: a change to the content, then 0 to 3 kinds of damage to the zip's bytes. */
    record Fuzzed(ContentMutation content, List<ByteMutation> damage) {
        static Fuzzed draw(SplittableRandom r) {
            return new Fuzzed(ArchiveFuzzTest.content(r), Draw.list(r, 0, 3, ArchiveFuzzTest::bytes));
        }
    }

    @Test
    void theReaderReadsOrRefusesWithAMessage() {
        int[] readRefused = new int[2];
        SeededTries.run("ArchiveFuzzTest", 300, Fuzzed::draw, f -> readRefused[check(f)]++);
        System.out.printf("ArchiveFuzzTest: %d read (as written), %d refused (ArchiveException)%n",
                readRefused[0], readRefused[1]);
    }

    /** Writes the fuzzed archive and opens it: 0 if it was read (as written), 1 if refused with a message. */
    private static int check(Fuzzed fuzzed) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>(base);
        Set<String> stored = new HashSet<>();
        ContentMutation content = fuzzed.content();
        content.apply(entries, stored);
        byte[] zip = content.afterZip(content.zip(entries, stored));
        for (ByteMutation m : fuzzed.damage()) {
            zip = m.apply(zip);
        }
        Path file = Files.write(Files.createTempFile(dir, "fuzzed-", ".zip"), zip);
        try {
            Archive a = Archive.open(file);
            assertThat(a.manifest()).isNotNull();
            // read: then it read what was written. Damage is refused, never read as data (a false finding);
            // only damage to what no CRC covers (a name, a time stamp) may pass
            for (String name : a.entries()) {
                if (entries.containsKey(name)) {
                    assertThat(entries.get(name)).as(name + " must not have been read").isNotSameAs(BOMB);
                    assertThat(Arrays.equals(a.bytes(name).orElseThrow(), entries.get(name)))
                            .as(name + " read as it was written").isTrue();
                }
            }
            return 0;
        } catch (ArchiveException e) {
            assertThat(e.getMessage()).startsWith(file + ": ").hasSizeGreaterThan(file.toString().length() + 5);
            assertThat(e.getMessage()).doesNotContain("\n");
            return 1;
        } finally {
            Files.delete(file);
        }
    }

    // ---------------------------------------------------------------- what is done to the archive's content

    /** A change made before the zip is written (so its CRC and sizes still match). */
    interface ContentMutation {
        void apply(Map<String, byte[]> entries, Set<String> stored) throws IOException;

        default byte[] zip(Map<String, byte[]> entries, Set<String> stored) throws IOException {
            return ZipSurgery.zip(entries, stored);
        }

        default byte[] afterZip(byte[] zip) {
            return zip;
        }
    }

    /** Stands for an entry too large to be read (it must not be). */
    private static final byte[] BOMB = new byte[0];
    /** The base archive plus a leaks.jsonl of 600 MiB of blank lines (600 KiB deflated): more than the heap. */
    private static byte[] bombZip;

    /** The 600 MiB leaks.jsonl, its size declared truly or as a lie. */
    record Bomb(long declared) implements ContentMutation {
        public void apply(Map<String, byte[]> entries, Set<String> stored) {
            entries.put(LEAKS, BOMB);
        }

        @Override
        public byte[] zip(Map<String, byte[]> entries, Set<String> stored) {
            return declared < 0 ? bombZip : ZipSurgery.setCentral(bombZip, LEAKS, ZipSurgery.CEN_SIZE, declared);
        }
    }

    private static byte[] bomb() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            for (Map.Entry<String, byte[]> e : base.entrySet()) {
                if (!e.getKey().equals(LEAKS)) {
                    zip.putNextEntry(new ZipEntry(e.getKey()));
                    zip.write(e.getValue());
                    zip.closeEntry();
                }
            }
            zip.putNextEntry(new ZipEntry(LEAKS));
            byte[] blank = new byte[1 << 20];
            Arrays.fill(blank, (byte) '\n');
            for (int i = 0; i < 600; i++) {
                zip.write(blank);
            }
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    record Unchanged() implements ContentMutation {
        public void apply(Map<String, byte[]> entries, Set<String> stored) {
        }
    }

    /** One entry stored rather than deflated: bit flips then land in its plain bytes. */
    record Stored(int entry) implements ContentMutation {
        public void apply(Map<String, byte[]> entries, Set<String> stored) {
            stored.add(names.get(entry % names.size()));
        }
    }

    /** A value somewhere in a JSON entry replaced by one of another type (or removed). */
    record WrongType(int entry, long seed) implements ContentMutation {
        public void apply(Map<String, byte[]> entries, Set<String> stored) throws IOException {
            List<String> json = names.stream().filter(n -> n.endsWith(".json")).toList();
            String name = json.get(entry % json.size());
            JsonNode tree = JSON.readTree(entries.get(name));
            Random rnd = new Random(seed);
            entries.put(name, JSON.writeValueAsBytes(replaceSomewhere(tree, rnd)));
        }
    }

    /** A second entry of the same name with other content. */
    record Duplicate(int entry, int contentOf) implements ContentMutation {
        public void apply(Map<String, byte[]> entries, Set<String> stored) {
            String name = names.get(entry % names.size());
            entries.put(twin(name), base.get(names.get(contentOf % names.size())));
        }

        @Override
        public byte[] afterZip(byte[] zip) {
            String name = names.get(entry % names.size());
            return ZipSurgery.rename(zip, twin(name), name);
        }

        private static String twin(String name) {
            char last = name.charAt(name.length() - 1);
            return name.substring(0, name.length() - 1) + (last == '~' ? '^' : '~');
        }
    }

    static ContentMutation content(SplittableRandom r) {
        return weighted(r,
                weight(3, x -> new Unchanged()),
                weight(2, x -> new Stored(between(x, 0, 1000))),
                weight(4, x -> new WrongType(between(x, 0, 1000), Draw.anyLong(x))),
                weight(1, x -> new Duplicate(between(x, 0, 1000), between(x, 0, 1000))),
                weight(1, x -> new Bomb(Draw.of(x, -1L, 0L, 100L, 4096L, 64L << 20, 0xffff_ffffL))));
    }

    /** Replaces a node chosen at random (a walk down the tree) by a value of another type, or removes it. */
    static JsonNode replaceSomewhere(JsonNode root, Random rnd) {
        if (!root.isContainerNode() || root.isEmpty()) {
            return other(root, rnd);
        }
        JsonNode node = root;
        while (true) {
            List<Object> keys = new ArrayList<>();
            if (node instanceof ObjectNode o) {
                o.fieldNames().forEachRemaining(keys::add);
            } else if (node instanceof ArrayNode a) {
                for (int i = 0; i < a.size(); i++) {
                    keys.add(i);
                }
            }
            if (keys.isEmpty()) {
                return root;
            }
            Object key = keys.get(rnd.nextInt(keys.size()));
            JsonNode child = key instanceof String s ? node.get(s) : node.get((Integer) key);
            if (child.isContainerNode() && !child.isEmpty() && rnd.nextInt(3) > 0) {
                node = child;
                continue;
            }
            boolean remove = rnd.nextInt(6) == 0;
            if (node instanceof ObjectNode o) {
                if (remove) {
                    o.remove((String) key);
                } else {
                    o.set((String) key, other(child, rnd));
                }
            } else {
                ((ArrayNode) node).set((Integer) key, other(child, rnd));
            }
            return root;
        }
    }

    private static JsonNode other(JsonNode was, Random rnd) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        for (int i = 0; ; i++) {
            JsonNode v = switch (rnd.nextInt(9)) {
                case 0 -> f.nullNode();
                case 1 -> f.booleanNode(rnd.nextBoolean());
                case 2 -> f.numberNode(rnd.nextInt());
                case 3 -> f.numberNode(Long.MIN_VALUE + rnd.nextInt(3));
                case 4 -> f.numberNode(rnd.nextBoolean() ? -1.5e308 : Double.MIN_VALUE);
                case 5 -> f.textNode(rnd.nextBoolean() ? "" : "x\u0000\"<script>");
                case 6 -> f.arrayNode().add(rnd.nextInt(3));
                case 7 -> f.objectNode().put("k", "v");
                default -> f.textNode(String.valueOf(rnd.nextLong()));
            };
            if (v.getNodeType() != was.getNodeType() || i > 5) {
                return v;
            }
        }
    }

    // ---------------------------------------------------------------- what is done to the zip's bytes

    /** Damage to the written zip. */
    interface ByteMutation {
        byte[] apply(byte[] zip);
    }

    record FlipBit(double at, int bit) implements ByteMutation {
        public byte[] apply(byte[] zip) {
            byte[] out = zip.clone();
            if (out.length > 0) {
                out[(int) (at * (out.length - 1))] ^= (byte) (1 << bit);
            }
            return out;
        }
    }

    record Truncate(double keep) implements ByteMutation {
        public byte[] apply(byte[] zip) {
            return Arrays.copyOf(zip, (int) (keep * zip.length));
        }
    }

    record Overwrite(double at, byte[] with) implements ByteMutation {
        public byte[] apply(byte[] zip) {
            byte[] out = zip.clone();
            int from = (int) (at * out.length);
            System.arraycopy(with, 0, out, from, Math.min(with.length, out.length - from));
            return out;
        }

        @Override
        public String toString() {
            return "Overwrite[at=" + at + ", with=" + Arrays.toString(with) + "]";
        }
    }

    /** A header field of one entry's central directory record set to a lie (sizes from tiny to 4 GiB). */
    record LyingHeader(int entry, int field, long value) implements ByteMutation {
        public byte[] apply(byte[] zip) {
            String name = names.get(entry % names.size());
            if (ZipSurgery.centralHeader(zip, name) < 0) {
                return zip; // an earlier mutation destroyed it
            }
            return ZipSurgery.setCentral(zip, name, field, value);
        }
    }

    static ByteMutation bytes(SplittableRandom r) {
        return oneOf(r,
                x -> new FlipBit(unit(x), between(x, 0, 7)),
                x -> new Truncate(unit(x)),
                x -> new Overwrite(unit(x), Draw.bytes(x, 1, 64)),
                x -> new LyingHeader(between(x, 0, 1000),
                        Draw.of(x, ZipSurgery.CEN_CRC, ZipSurgery.CEN_COMPRESSED_SIZE, ZipSurgery.CEN_SIZE),
                        ArchiveFuzzTest.size(x)));
    }

    /** A size for a header: small, a classic limit, or anything up to 4 GiB. */
    private static long size(SplittableRandom r) {
        return oneOf(r,
                x -> between(x, 0L, 4096L),
                x -> Draw.of(x, 0L, 1L, 0x7fff_ffffL, 0xffff_ffffL, 0xffff_fffeL, (64L << 20) + 1, 64L << 20),
                x -> between(x, 0L, 0xffff_ffffL));
    }
}
