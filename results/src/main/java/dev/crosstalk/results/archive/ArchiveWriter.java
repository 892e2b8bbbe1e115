package dev.crosstalk.results.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crosstalk.results.io.AtomicFiles;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes one run's archive. The zip is streamed into a hidden temporary file in the target folder
 * ({@code .<name>.zip.tmp}); {@link #finish()} appends {@code manifest.json} and renames it
 * (create-exclusive: never replacing a file) to {@code <UTC yyyyMMdd-HHmmss>-<profile>-<short sha>.zip}. {@link #abort(String)}
 * (also run by {@link #installShutdownHook()} on Ctrl-C, and by {@link #close()} when not finished)
 * does the same with every unfinished part marked, so an interrupted run still leaves a readable archive.
 *
 * <pre>{@code
 * try (ArchiveWriter w = ArchiveWriter.begin(Path.of("results/archives"), RunInfo.of("smoke", GitInfo.detect(root)))) {
 *     w.installShutdownHook();
 *     w.startPart(Part.STRESS, stressConfig);          // config: the exact instrument settings
 *     int rc = runStress(stressOut);
 *     w.addPart(Part.STRESS, stressOut);               // copies stressOut/** to stress/**
 *     w.markPart(Part.STRESS, rc == 2 ? PartStatus.FAILED : PartStatus.COMPLETE, null);
 *     ...
 *     Path archive = w.finish();
 * }
 * }</pre>
 * All methods are synchronized: a shutdown hook's abort waits for an entry being written.
 */
public final class ArchiveWriter implements Closeable {

    /** The manifest message of a run stopped by Ctrl-C or SIGTERM. */
    public static final String INTERRUPTED_BY_SIGNAL = "interrupted (signal): the run was stopped before it finished";

    private static final DateTimeFormatter NAME_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path targetDir;
    private final RunInfo run;
    private final Clock clock;
    private final Path temporary;
    private final String baseName;
    private final ZipOutputStream zip;
    private final Set<String> entries = new LinkedHashSet<>();
    private final Map<Part, PartState> parts = new EnumMap<>(Part.class);
    private final ObjectNode config = Json.mapper().createObjectNode();
    private Path finished;
    private Thread hook;
    private String shard;
    private List<Manifest.ShardInfo> shards;

    private static final class PartState {
        PartStatus status;          // null until marked
        String message;
        Instant started;
        Instant ended;
        final List<String> files = new ArrayList<>();
    }

    private ArchiveWriter(Path targetDir, RunInfo run, Clock clock) throws IOException {
        this.targetDir = targetDir;
        this.run = run;
        this.clock = clock;
        this.baseName = NAME_TIME.format(run.started()) + "-" + run.profile() + "-" + run.git().shortSha();
        Files.createDirectories(targetDir);
        this.temporary = Files.createTempFile(targetDir, "." + baseName + "-", ".zip.tmp");
        this.zip = new ZipOutputStream(Files.newOutputStream(temporary));
        for (Part p : Part.values()) {
            parts.put(p, new PartState());
        }
    }

    /** Begins an archive in {@code targetDir} (created if missing). */
    public static ArchiveWriter begin(Path targetDir, RunInfo run) throws IOException {
        return begin(targetDir, run, Clock.systemUTC());
    }

    /** As {@link #begin(Path, RunInfo)}, with the clock that stamps part and run end times. */
    public static ArchiveWriter begin(Path targetDir, RunInfo run, Clock clock) throws IOException {
        return new ArchiveWriter(targetDir, run, clock);
    }

    /** The temporary file being written. */
    public Path temporaryFile() {
        return temporary;
    }

    /** The file name the archive will get, without a collision suffix. */
    public String plannedName() {
        return baseName + ".zip";
    }

    /** Records that this run is shard {@code I/N} of a job ({@link Manifest#shard()}). */
    public synchronized void shard(String spec) {
        this.shard = spec;
    }

    /** Records the shards an archive was merged from ({@link Manifest#shards()}). */
    public synchronized void shards(List<Manifest.ShardInfo> merged) {
        this.shards = List.copyOf(merged);
    }

    /** Records that {@code part} has begun (an unfinished started part is marked partial on abort). */
    public synchronized void startPart(Part part) {
        PartState s = parts.get(part);
        if (s.started == null) {
            s.started = clock.instant();
        }
    }

    /** Records that {@code part} has begun, with the exact configuration of its instrument. */
    public synchronized void startPart(Part part, Object instrumentConfig) {
        startPart(part);
        configure(part, instrumentConfig);
    }

    /**
     * The exact configuration of an instrument (replaces an earlier one): a {@link JsonNode}, or any
     * object Jackson converts to a JSON object (a {@code Map}, a record).
     */
    public synchronized void configure(Part part, Object instrumentConfig) {
        JsonNode node = instrumentConfig == null ? null
                : instrumentConfig instanceof JsonNode j ? j.deepCopy() : Json.mapper().valueToTree(instrumentConfig);
        config.set(part.dir(), node);
    }

    /**
     * Adds every regular file under {@code dir} (recursively) as {@code <part>/<relative path>}.
     *
     * @return the entry names added
     */
    public synchronized List<String> addPart(Part part, Path dir) throws IOException {
        ensureOpen();
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a directory");
        }
        startPart(part);
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        List<String> added = new ArrayList<>();
        for (Path f : files) {
            String rel = dir.relativize(f).toString().replace('\\', '/');
            added.add(addFile(part, rel, f));
        }
        return added;
    }

    /** Adds one file as {@code <part>/<relativeName>}; returns the entry name. */
    public synchronized String addFile(Part part, String relativeName, Path file) throws IOException {
        ensureOpen();
        startPart(part);
        String name = part.dir() + "/" + relativeName;
        putEntry(name, Files.getLastModifiedTime(file).toMillis(), out -> Files.copy(file, out));
        parts.get(part).files.add(name);
        return name;
    }

    /** Adds bytes as {@code <part>/<relativeName>}; returns the entry name. */
    public synchronized String addBytes(Part part, String relativeName, byte[] bytes) throws IOException {
        ensureOpen();
        startPart(part);
        String name = part.dir() + "/" + relativeName;
        putEntry(name, clock.millis(), out -> out.write(bytes));
        parts.get(part).files.add(name);
        return name;
    }

    /**
     * As {@link #markPart(Part, PartStatus, String)} with the part's times given (a merged archive's part spans its
     * shards' parts); a null time is left as the clock sets it.
     */
    public synchronized void markPart(Part part, PartStatus status, String message, Instant started, Instant ended) {
        markPart(part, status, message);
        PartState s = parts.get(part);
        if (started != null) {
            s.started = started;
        }
        if (ended != null) {
            s.ended = ended;
        }
    }

    /** Marks how far {@code part} got; {@code message} (may be null) says why when not complete. */
    public synchronized void markPart(Part part, PartStatus status, String message) {
        PartState s = parts.get(part);
        if (s.started == null && status != PartStatus.NOT_RUN) {
            s.started = clock.instant();
        }
        s.status = status;
        s.message = message;
        s.ended = clock.instant();
    }

    /**
     * Writes the manifest (status {@code complete}) and renames the archive into place. If a shutdown hook
     * aborted the archive first (Ctrl-C during the last step), returns that archive, marked interrupted.
     */
    public synchronized Path finish() throws IOException {
        if (finished != null) {
            return finished;
        }
        return close("complete", null);
    }

    /**
     * Closes an unfinished run: parts begun but not marked become {@code partial}, parts never begun
     * {@code not-run}; the manifest says {@code interrupted} with {@code reason}. Returns the archive,
     * or the already finished one.
     */
    public synchronized Path abort(String reason) throws IOException {
        if (finished != null) {
            return finished;
        }
        return close("interrupted", reason == null ? "interrupted" : reason);
    }

    /**
     * Installs a JVM shutdown hook that aborts the archive (Ctrl-C, SIGTERM) if it was not finished.
     * Removed again by {@link #finish()}.
     */
    public synchronized Thread installShutdownHook() {
        return installShutdownHook(() -> { });
    }

    /**
     * As {@link #installShutdownHook()}, running {@code beforeAbort} first on the hook's thread, without
     * this writer's lock held: the place to stop the running instrument and wait (bounded) for its files to
     * be added, so the interrupted archive keeps them.
     */
    public synchronized Thread installShutdownHook(Runnable beforeAbort) {
        return installShutdownHook(beforeAbort, () -> { });
    }

    /**
     * As {@link #installShutdownHook(Runnable)}, then {@code afterAbort} once the interrupted archive is closed (or
     * could not be): the place to remove the files the archive was made from.
     */
    public synchronized Thread installShutdownHook(Runnable beforeAbort, Runnable afterAbort) {
        if (hook == null) {
            hook = new Thread(() -> {
                try {
                    beforeAbort.run();
                } catch (RuntimeException e) {
                    System.err.println("crosstalk: interrupted; could not stop the running part cleanly: " + e);
                }
                try {
                    Path p = abort(INTERRUPTED_BY_SIGNAL);
                    System.err.println("crosstalk: interrupted; the archive of what was measured: " + p);
                } catch (IOException | RuntimeException e) {
                    System.err.println("crosstalk: interrupted; could not close the archive " + temporary + ": " + e);
                }
                try {
                    afterAbort.run();
                } catch (RuntimeException e) {
                    System.err.println("crosstalk: interrupted; could not clean up after the run: " + e);
                }
            }, "crosstalk-archive-abort");
            Runtime.getRuntime().addShutdownHook(hook);
        }
        return hook;
    }

    /** Aborts if not finished (reason: closed before finish). */
    @Override
    public synchronized void close() throws IOException {
        if (finished == null) {
            abort("closed before the run finished");
        }
    }

    /** The manifest as it would be written now with the given overall status. */
    public synchronized Manifest manifest(String status, String message) {
        Map<String, Manifest.PartInfo> infos = new LinkedHashMap<>();
        for (Part p : Part.values()) {
            PartState s = parts.get(p);
            PartStatus st = s.status;
            if (st == null) {
                st = s.started == null && s.files.isEmpty() ? PartStatus.NOT_RUN : PartStatus.PARTIAL;
            }
            String msg = s.message;
            if (s.status == null && st == PartStatus.PARTIAL) {
                msg = "unfinished: " + (message == null ? "the run ended before this part was marked" : message);
            }
            infos.put(p.dir(), new Manifest.PartInfo(st, msg, iso(s.started), iso(s.ended), List.copyOf(s.files)));
        }
        Environment env = run.environment();
        return new Manifest(Manifest.SCHEMA, run.runId(), run.profile(), iso(run.started()), iso(clock.instant()),
                status, message, infos, run.git(), env.jvm(), env.os(), env.cpus(), env.memory(),
                config.deepCopy(), run.crosstalkVersion(), shard, shards);
    }

    private Path close(String status, String message) throws IOException {
        if (finished != null) {
            throw new IllegalStateException("archive already closed: " + finished);
        }
        Manifest m = manifest(status, message);
        try {
            byte[] bytes = Json.mapper().writeValueAsBytes(m);
            ZipEntry e = new ZipEntry(Manifest.FILE);
            e.setTime(clock.millis());
            zip.putNextEntry(e);
            zip.write(bytes);
            zip.closeEntry();
        } finally {
            zip.close();
        }
        finished = moveIntoPlace();
        // the temporary file was created owner-only; a finished archive is meant to be kept and shared
        AtomicFiles.readableByAll(finished);
        if (hook != null && !Thread.currentThread().equals(hook)) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // already shutting down: the hook will find the archive finished
            }
        }
        return finished;
    }

    /**
     * Gives the finished archive its name without ever replacing a file: {@code rename(2)} would silently replace an
     * archive another run gave the same name between a check and the rename (two runs finishing in the same second).
     * A hard link is created exclusively (it fails if the name is taken), then the temporary name is removed; where
     * the file system has no hard links, an empty placeholder is created exclusively and the archive renamed over it.
     */
    private Path moveIntoPlace() throws IOException {
        for (int i = 0; ; i++) {
            Path target = targetDir.resolve(baseName + (i == 0 ? "" : "-" + i) + ".zip");
            try {
                Files.createLink(target, temporary);
                Files.delete(temporary);
                return target;
            } catch (FileAlreadyExistsException taken) {
                continue;
            } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
                // below
            }
            try {
                Files.createFile(target);
            } catch (FileAlreadyExistsException taken) {
                continue;
            }
            try {
                return Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                return Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private interface Body {
        void write(OutputStream out) throws IOException;
    }

    private void putEntry(String name, long time, Body body) throws IOException {
        if (!entries.add(name)) {
            throw new IOException("duplicate archive entry " + name);
        }
        ZipEntry e = new ZipEntry(name);
        e.setTime(time);
        zip.putNextEntry(e);
        body.write(zip);
        zip.closeEntry();
    }

    private void ensureOpen() {
        if (finished != null) {
            throw new IllegalStateException("archive already closed: " + finished);
        }
    }

    private static String iso(Instant i) {
        return i == null ? null : i.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
