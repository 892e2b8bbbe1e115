package dev.crosstalk.results.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Builds damaged and forged archives from a valid one, as a disk, a network or an attacker would leave them:
 * entries rewritten (stored or deflated), header fields of the central directory overwritten, names renamed.
 * Shared with the harness's CLI tests (test-jar). Stateless.
 */
public final class ZipSurgery {

    /** Field offsets in a central directory header (PKZIP APPNOTE 4.3.12). */
    public static final int CEN_CRC = 16;
    public static final int CEN_COMPRESSED_SIZE = 20;
    public static final int CEN_SIZE = 24;
    private static final int CEN_SIG = 0x02014b50;
    private static final int CEN_HEADER = 46;

    private ZipSurgery() {
    }

    /** Every entry of {@code zip}, in order, read without checks (the archive is one we just wrote). */
    public static Map<String, byte[]> entries(Path zip) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : Collections.list(z.entries())) {
                try (InputStream in = z.getInputStream(e)) {
                    out.put(e.getName(), in.readAllBytes());
                }
            }
        }
        return out;
    }

    /** A zip of {@code entries}; those named in {@code stored} are stored (not deflated), with their CRC and sizes. */
    public static byte[] zip(Map<String, byte[]> entries, Set<String> stored) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            for (Map.Entry<String, byte[]> en : entries.entrySet()) {
                ZipEntry e = new ZipEntry(en.getKey());
                if (stored.contains(en.getKey())) {
                    CRC32 crc = new CRC32();
                    crc.update(en.getValue());
                    e.setMethod(ZipEntry.STORED);
                    e.setSize(en.getValue().length);
                    e.setCompressedSize(en.getValue().length);
                    e.setCrc(crc.getValue());
                }
                zip.putNextEntry(e);
                zip.write(en.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** The offset of {@code name}'s central directory header in {@code zip}, or -1. */
    public static int centralHeader(byte[] zip, String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + CEN_HEADER <= zip.length; i++) {
            if (int32(zip, i) == CEN_SIG && uint16(zip, i + 28) == n.length && i + CEN_HEADER + n.length <= zip.length
                    && Arrays.equals(zip, i + CEN_HEADER, i + CEN_HEADER + n.length, n, 0, n.length)) {
                return i;
            }
        }
        return -1;
    }

    /** Overwrites a 4-byte field of {@code name}'s central directory header (as {@link ZipFile} reads it). */
    public static byte[] setCentral(byte[] zip, String name, int field, long value) {
        int at = centralHeader(zip, name);
        if (at < 0) {
            throw new IllegalArgumentException("no central directory header for " + name);
        }
        byte[] out = zip.clone();
        for (int i = 0; i < 4; i++) {
            out[at + field + i] = (byte) (value >>> (8 * i));
        }
        return out;
    }

    /** Every occurrence of {@code from} (names in local and central headers) replaced by {@code to}, same length. */
    public static byte[] rename(byte[] zip, String from, String to) {
        byte[] f = from.getBytes(StandardCharsets.UTF_8);
        byte[] t = to.getBytes(StandardCharsets.UTF_8);
        if (f.length != t.length) {
            throw new IllegalArgumentException("names must have the same length");
        }
        byte[] out = zip.clone();
        for (int i = 0; i + f.length <= out.length; i++) {
            if (Arrays.equals(out, i, i + f.length, f, 0, f.length)) {
                System.arraycopy(t, 0, out, i, t.length);
            }
        }
        return out;
    }

    static long int32(byte[] b, int i) {
        return (b[i] & 0xffL) | (b[i + 1] & 0xffL) << 8 | (b[i + 2] & 0xffL) << 16 | (b[i + 3] & 0xffL) << 24;
    }

    static int uint16(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
    }
}
