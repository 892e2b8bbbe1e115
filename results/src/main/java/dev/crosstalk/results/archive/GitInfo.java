package dev.crosstalk.results.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The commit and dirty flag of a checkout, asked of {@code git}; unknown (no git) is not an error. */
public final class GitInfo {

    private GitInfo() {
    }

    /** {@code git rev-parse HEAD} and {@code git status --porcelain} in {@code dir}; commit {@code null} without git. */
    public static Manifest.Git detect(Path dir) {
        String commit = git(dir, "rev-parse", "HEAD");
        if (commit == null || !commit.matches("[0-9a-f]{7,64}")) {
            return new Manifest.Git(null, false);
        }
        String status = git(dir, "status", "--porcelain", "--untracked-files=no");
        return new Manifest.Git(commit, status == null || !status.isEmpty());
    }

    private static String git(Path dir, String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "git";
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroy();
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
