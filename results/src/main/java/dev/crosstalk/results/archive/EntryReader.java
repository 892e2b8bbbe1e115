package dev.crosstalk.results.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads one zip entry as a damaged or hostile archive may present it, trusting nothing the headers say.
 * {@link ZipFile} checks neither the CRC (a flipped bit in a stored entry, or one that still inflates, reads as
 * valid data: a false finding) nor the declared size (an entry that says 100 bytes may inflate to gigabytes).
 * So every byte is counted and checksummed as it is inflated: reading stops as soon as the entry passes its
 * declared size or the caller's limit, and at its end the CRC and the length must match what the central
 * directory declares. Stateless; each call uses only its own stream.
 */
final class EntryReader {

    /** Why an entry cannot be trusted; the message names no file (the caller adds the archive and entry). */
    static final class BadEntry extends Exception {
        BadEntry(String problem) {
            super(problem);
        }

        BadEntry(String problem, Throwable cause) {
            super(problem, cause);
        }
    }

    /** An entry larger than the caller's limit: not corrupt, but too large to read. */
    static final class TooLarge extends Exception {
        TooLarge(String problem) {
            super(problem);
        }
    }

    private static final int CHUNK = 64 * 1024;

    private EntryReader() {
    }

    /**
     * Reads {@code e} from {@code zip}, checking it; keeps its bytes when {@code keep} (else returns null).
     *
     * @param limit the most bytes the entry may hold (when kept: what may be held in memory)
     * @throws TooLarge the entry declares, or holds, more than {@code limit} bytes
     * @throws BadEntry the data do not match the entry's CRC or declared size, or cannot be inflated
     */
    static byte[] read(ZipFile zip, ZipEntry e, long limit, boolean keep) throws BadEntry, TooLarge {
        long declared = e.getSize();
        if (declared > limit) {
            throw new TooLarge("is too large: it declares " + declared + " bytes, the limit is " + limit);
        }
        // a size the headers do not give (-1) bounds nothing: the limit does
        long bound = declared >= 0 ? declared : limit;
        CRC32 crc = new CRC32();
        ByteArrayOutputStream kept = keep ? new ByteArrayOutputStream((int) Math.min(bound, CHUNK)) : null;
        long count = 0;
        byte[] buf = new byte[CHUNK];
        try (InputStream in = zip.getInputStream(e)) {
            if (in == null) {
                throw new BadEntry("is listed in the central directory but cannot be found");
            }
            int n;
            // read at most one byte past the bound: enough to know the entry lies, never more
            while ((n = in.read(buf, 0, (int) Math.min(buf.length, bound + 1 - count))) > 0) {
                count += n;
                if (count > bound) {
                    if (declared >= 0) {
                        throw new BadEntry("holds more data than the " + declared
                                + " bytes its header declares (a damaged or forged entry)");
                    }
                    throw new TooLarge("is too large: it holds more than the limit of " + limit + " bytes");
                }
                crc.update(buf, 0, n);
                if (kept != null) {
                    kept.write(buf, 0, n);
                }
            }
        } catch (IOException | RuntimeException ex) {
            // an inflater error (ZipException, EOF) or one from a header ZipFile could not make sense of
            throw new BadEntry("is corrupt (" + ex.getMessage() + ")", ex);
        }
        if (declared >= 0 && count != declared) {
            throw new BadEntry("holds " + count + " bytes, its header declares " + declared + " (a damaged entry)");
        }
        if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) {
            throw new BadEntry(String.format("is corrupt: CRC-32 %08x of its data, %08x in its header",
                    crc.getValue(), e.getCrc()));
        }
        return kept == null ? null : kept.toByteArray();
    }
}
