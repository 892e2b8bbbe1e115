package dev.crosstalk.harness.cli;

import picocli.CommandLine;

/** {@code crosstalk --version}: the build's version and the JVM it runs on. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = CrosstalkCommand.class.getPackage().getImplementationVersion();
        return new String[]{"crosstalk " + (v == null ? "(development build)" : v),
                "JVM: ${java.vendor} ${java.version} (${os.name} ${os.arch})"};
    }
}
