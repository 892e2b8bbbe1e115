import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens N idle TCP connections to a server (no upgrade, no token), holds them, then closes them all (issue 14).
 * Needs a descriptor limit above N for this process (ulimit -n).
 *
 *   java examples/hostile/IdleSockets.java 127.0.0.1 8765 20000 HOLD_SECONDS
 */
public final class IdleSockets {

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int n = Integer.parseInt(args[2]);
        long holdMs = Long.parseLong(args[3]) * 1000;
        List<SocketChannel> open = new ArrayList<>(n);
        long start = System.nanoTime();
        int failed = 0;
        String firstFailure = null;
        for (int i = 0; i < n; i++) {
            try {
                open.add(SocketChannel.open(new InetSocketAddress(host, port)));
            } catch (IOException e) {
                failed++;
                if (firstFailure == null) {
                    firstFailure = "connection " + i + ": " + e;
                }
            }
        }
        System.out.printf("opened %d of %d idle connections in %.1f s (%d failed%s)%n", open.size(), n,
                (System.nanoTime() - start) / 1e9, failed, firstFailure == null ? "" : "; first: " + firstFailure);
        Thread.sleep(holdMs);
        int closedByServer = 0;
        for (SocketChannel c : open) {
            // A connection the server already closed reads end-of-stream at once (non-blocking read).
            c.configureBlocking(false);
            if (c.read(java.nio.ByteBuffer.allocate(1)) < 0) {
                closedByServer++;
            }
            c.close();
        }
        System.out.printf("after %d s: %d of them already closed by the server; all closed now%n", holdMs / 1000,
                closedByServer);
    }
}
