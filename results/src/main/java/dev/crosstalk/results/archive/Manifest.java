package dev.crosstalk.results.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json}: what was run, where, and how far each part got.
 *
 * @param schema     the archive schema version ({@link #SCHEMA}); readers refuse newer ones
 * @param runId      a unique id of the run (a UUID)
 * @param profile    {@code smoke}, {@code nightly}, {@code prerelease} or any other name
 * @param started    ISO-8601 UTC instant the run began
 * @param ended      ISO-8601 UTC instant the archive was closed
 * @param status     {@code complete} (finished normally) or {@code interrupted} (aborted: see message)
 * @param message    why the run was interrupted, or {@code null}
 * @param parts      per part ({@code stress}, {@code explore}, {@code bench}, {@code load}): status and files;
 *                   archives written before the explore instrument have no {@code explore} key
 * @param git        commit and dirty flag of the checkout that ran
 * @param jvm        vendor, version, flags of the JVM that ran the harness
 * @param os         operating system name, version, arch
 * @param cpus       available processors
 * @param memory     physical memory and maximum heap, bytes
 * @param config     the exact configuration of every instrument, one JSON object per part
 * @param crosstalkVersion the harness version that wrote the archive
 * @param shard      {@code I/N} when the run was shard I of a job split over N runners ({@code run --shard}), else
 *                   null
 * @param shards     in an archive {@code crosstalk merge} made of a job's shards: each shard's run, in shard order
 *                   (its machine, commit and times); null in any other archive
 */
public record Manifest(int schema, String runId, String profile, String started, String ended,
                       String status, String message, Map<String, PartInfo> parts, Git git, Jvm jvm,
                       Os os, int cpus, Memory memory, ObjectNode config, String crosstalkVersion, String shard,
                       List<ShardInfo> shards) {

    /** The schema version this code writes and the newest it reads. */
    public static final int SCHEMA = 1;

    public static final String FILE = "manifest.json";

    /**
     * One shard of a merged archive: which run it was and where it ran.
     *
     * @param shard   {@code I/N}
     * @param archive the shard archive's file name
     */
    public record ShardInfo(String shard, String runId, String archive, String started, String ended, String status,
                            Git git, Jvm jvm, Os os, int cpus, Memory memory) {
    }

    /** Whether this archive was merged from the archives of a job's shards. */
    public boolean merged() {
        return shards != null && !shards.isEmpty();
    }

    /** A part's status and files. */
    public record PartInfo(PartStatus status, String message, String started, String ended, List<String> files) {
    }

    public record Git(String commit, boolean dirty) {
        /** The first 7 hex digits, or {@code nogit}. */
        public String shortSha() {
            if (commit == null || commit.isBlank()) {
                return "nogit";
            }
            return commit.length() > 7 ? commit.substring(0, 7) : commit;
        }
    }

    public record Jvm(String vendor, String version, String name, List<String> flags) {
    }

    public record Os(String name, String version, String arch) {
    }

    public record Memory(long physicalBytes, long maxHeapBytes) {
    }

    public Instant startedAt() {
        return started == null ? Instant.EPOCH : Instant.parse(started);
    }

    /** The status of a part; {@link PartStatus#NOT_RUN} when the manifest does not list it. */
    public PartStatus partStatus(Part part) {
        PartInfo info = parts == null ? null : parts.get(part.dir());
        return info == null || info.status() == null ? PartStatus.NOT_RUN : info.status();
    }

    /**
     * Whether the manifest lists {@code part} at all (whatever its status): false for a part added to crosstalk
     * after the archive was written ({@code explore} in an older archive), which no check may then demand.
     */
    public boolean lists(Part part) {
        return parts != null && parts.containsKey(part.dir());
    }

    /** The configuration of one instrument, or {@code null}. */
    public JsonNode config(Part part) {
        return config == null ? null : config.get(part.dir());
    }
}
