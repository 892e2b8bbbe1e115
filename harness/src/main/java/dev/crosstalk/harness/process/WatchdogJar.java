package dev.crosstalk.harness.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The {@link ParentWatchdog} agent as a jar, written once per crosstalk process into a private temporary folder
 * (owner-only, so no other user can swap in a jar our children would load) and deleted when the process exits.
 * A {@code kill -9} leaves that 2 KB folder ({@code crosstalk-watchdog-*}) behind. Thread-safe.
 */
final class WatchdogJar {

    private static Path jar;

    private WatchdogJar() {
    }

    static synchronized Path path() {
        if (jar != null && Files.isRegularFile(jar)) {
            return jar;
        }
        String entry = ParentWatchdog.class.getName().replace('.', '/') + ".class";
        try (InputStream classFile = ParentWatchdog.class.getClassLoader().getResourceAsStream(entry)) {
            if (classFile == null) {
                throw new IOException(entry + " not found on the class path");
            }
            Path dir = Files.createTempDirectory("crosstalk-watchdog-");
            Path file = dir.resolve("crosstalk-watchdog.jar");
            // deleted in the reverse order of registration: the jar, then its folder
            dir.toFile().deleteOnExit();
            file.toFile().deleteOnExit();
            Manifest manifest = new Manifest();
            Attributes main = manifest.getMainAttributes();
            main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
            main.put(new Attributes.Name("Premain-Class"), ParentWatchdog.class.getName());
            main.put(new Attributes.Name("Agent-Class"), ParentWatchdog.class.getName());
            try (OutputStream out = Files.newOutputStream(file); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
                jarOut.putNextEntry(new JarEntry(entry));
                classFile.transferTo(jarOut);
                jarOut.closeEntry();
            }
            jar = file;
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the child JVMs' watchdog agent to the temporary folder: "
                    + e.getMessage(), e);
        }
    }
}
