package dev.crosstalk.results;

import dev.crosstalk.results.archive.Archive;
import dev.crosstalk.results.archive.ArchiveException;
import dev.crosstalk.results.archive.Manifest;
import dev.crosstalk.results.archive.ZipSurgery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a damaged or forged archive must not do: read as data (a false finding), or inflate without bound. */
class ArchiveIntegrityTest {

    private static final String SUMMARY = "load/summary.json";
    private static final String LEAKS = "load/leaks.jsonl";

    @TempDir
    Path dir;

    private Map<String, byte[]> valid() throws IOException {
        return new LinkedHashMap<>(ZipSurgery.entries(Synthetic.write(dir, new Synthetic.Spec())));
    }

    private Path file(String name, byte[] zip) throws IOException {
        return Files.write(dir.resolve(name), zip);
    }

    @Test
    void aFlippedDigitInAStoredEntryIsCorruptionNotData() throws IOException {
        Map<String, byte[]> entries = valid();
        byte[] zip = ZipSurgery.zip(entries, Set.of(SUMMARY));
        // the stored summary is in the zip as is: change one of its digits, so it still parses (other counts)
        byte[] summary = entries.get(SUMMARY);
        int at = indexOf(zip, summary);
        int digit = at;
        while (!Character.isDigit(zip[digit])) {
            digit++;
        }
        zip[digit] = (byte) (zip[digit] == '7' ? '3' : '7');
        Path bad = file("bitrot.zip", zip);
        assertThatThrownBy(() -> Archive.open(bad)).isInstanceOf(ArchiveException.class)
                .hasMessage(bad + ": entry " + SUMMARY + " is corrupt: CRC-32 "
                        + String.format("%08x", crc(Arrays.copyOfRange(zip, at, at + summary.length)))
                        + " of its data, " + String.format("%08x", crc(summary)) + " in its header");
    }

    @Test
    void aCrcThatDoesNotMatchADeflatedEntryIsRefused() throws IOException {
        byte[] zip = ZipSurgery.zip(valid(), Set.of());
        Path bad = file("crc.zip", ZipSurgery.setCentral(zip, LEAKS, ZipSurgery.CEN_CRC, 0x1234_5678L));
        assertThatThrownBy(() -> Archive.open(bad)).isInstanceOf(ArchiveException.class)
                .hasMessageStartingWith(bad + ": entry " + LEAKS + " is corrupt: CRC-32 ")
                .hasMessageEndingWith(", 12345678 in its header");
    }

    @Test
    void anEntryThatLiesAboutItsSizeIsReadNoFurtherThanItsDeclaredSize() throws IOException {
        Map<String, byte[]> entries = valid();
        // 32 MiB of blank lines (a valid, empty leaks.jsonl) that declare 100 bytes: read no further than 101
        byte[] blank = new byte[32 << 20];
        Arrays.fill(blank, (byte) '\n');
        entries.put(LEAKS, blank);
        Path bad = file("lying.zip", ZipSurgery.setCentral(ZipSurgery.zip(entries, Set.of()), LEAKS,
                ZipSurgery.CEN_SIZE, 100));
        assertThatThrownBy(() -> Archive.open(bad)).isInstanceOf(ArchiveException.class)
                .hasMessage(bad + ": entry " + LEAKS + " holds more data than the 100 bytes its header declares"
                        + " (a damaged or forged entry)");
    }

    @Test
    void anEntryShorterThanItsDeclaredSizeIsRefused() throws IOException {
        byte[] zip = ZipSurgery.zip(valid(), Set.of());
        int size = Synthetic.class.getName().length(); // any size the summary does not have
        Path bad = file("short.zip", ZipSurgery.setCentral(zip, SUMMARY, ZipSurgery.CEN_SIZE, 1_000_000 + size));
        assertThatThrownBy(() -> Archive.open(bad)).isInstanceOf(ArchiveException.class)
                .hasMessageStartingWith(bad + ": entry " + SUMMARY + " holds ")
                .hasMessageEndingWith("bytes, its header declares " + (1_000_000 + size) + " (a damaged entry)");
    }

    @Test
    void aHugeDeclaredSizeIsTooLargeBeforeAnythingIsRead() throws IOException {
        byte[] zip = ZipSurgery.zip(valid(), Set.of());
        Path bad = file("huge.zip", ZipSurgery.setCentral(zip, SUMMARY, ZipSurgery.CEN_SIZE, 0x7fff_fff0L));
        assertThatThrownBy(() -> Archive.open(bad)).isInstanceOf(ArchiveException.class)
                .hasMessage(bad + ": entry " + SUMMARY + " is too large: it declares " + 0x7fff_fff0L
                        + " bytes, the limit is " + (64L << 20));
    }

    @Test
    void aManifestOverTheLimitIsTooLargeNotMissing() throws IOException {
        Map<String, byte[]> entries = valid();
        byte[] manifest = entries.get(Manifest.FILE);
        byte[] padded = new byte[(64 << 20) + 1];
        Arrays.fill(padded, (byte) ' ');
        System.arraycopy(manifest, 0, padded, 0, manifest.length); // still valid JSON: trailing blanks
        entries.put(Manifest.FILE, padded);
        Path bad = file("big-manifest.zip", ZipSurgery.zip(entries, Set.of()));
        assertThatThrownBy(() -> Archive.open(bad)).isInstanceOf(ArchiveException.class)
                .hasMessage(bad + ": entry manifest.json is too large: it declares " + padded.length
                        + " bytes, the limit is " + (64L << 20));
    }

    @Test
    void anOverLimitLeaksFileIsAnErrorNotIgnored() throws IOException {
        Map<String, byte[]> entries = valid();
        byte[] blank = new byte[(64 << 20) + 1];
        Arrays.fill(blank, (byte) '\n');
        entries.put(LEAKS, blank);
        Path bad = file("big-leaks.zip", ZipSurgery.zip(entries, Set.of()));
        assertThatThrownBy(() -> Archive.open(bad)).isInstanceOf(ArchiveException.class)
                .hasMessageStartingWith(bad + ": entry " + LEAKS + " is too large");
    }

    @Test
    void aDuplicateEntryIsRefused() throws IOException {
        Map<String, byte[]> entries = valid();
        // the second copy says something else: which one a reader sees must not be left to chance
        entries.put("load/summary.jsoX", "{\"schema\":1}".getBytes(StandardCharsets.UTF_8));
        Path bad = file("dup.zip", ZipSurgery.rename(ZipSurgery.zip(entries, Set.of()), "load/summary.jsoX", SUMMARY));
        assertThatThrownBy(() -> Archive.open(bad)).isInstanceOf(ArchiveException.class)
                .hasMessage(bad + ": entry " + SUMMARY + " appears twice (a damaged or forged archive)");
    }

    @Test
    void anIntactRewrittenArchiveStillReads() throws IOException {
        Map<String, byte[]> entries = valid();
        Path ok = file("rewritten.zip", ZipSurgery.zip(entries, Set.of(SUMMARY, Manifest.FILE)));
        assertThat(Archive.open(ok).loadSummary()).isPresent();
        assertThat(Archive.open(ok).bytes(SUMMARY)).hasValue(entries.get(SUMMARY));
    }

    private static long crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return c.getValue();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        for (int i = 0; i + needle.length <= hay.length; i++) {
            if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
