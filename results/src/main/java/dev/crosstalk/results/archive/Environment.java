package dev.crosstalk.results.archive;

import java.lang.management.ManagementFactory;
import java.util.List;

import com.sun.management.OperatingSystemMXBean;

/** Where a run ran: the JVM, the OS, CPUs and memory. */
public record Environment(Manifest.Jvm jvm, Manifest.Os os, int cpus, Manifest.Memory memory) {

    /** This JVM and machine. */
    public static Environment capture() {
        Manifest.Jvm jvm = new Manifest.Jvm(System.getProperty("java.vendor"),
                System.getProperty("java.runtime.version", System.getProperty("java.version")),
                System.getProperty("java.vm.name"),
                List.copyOf(ManagementFactory.getRuntimeMXBean().getInputArguments()));
        Manifest.Os os = new Manifest.Os(System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("os.arch"));
        long physical = -1;
        try {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean b) {
                physical = b.getTotalMemorySize();
            }
        } catch (RuntimeException | LinkageError e) {
            // not a HotSpot-style JVM: unknown
        }
        return new Environment(jvm, os, Runtime.getRuntime().availableProcessors(),
                new Manifest.Memory(physical, Runtime.getRuntime().maxMemory()));
    }
}
