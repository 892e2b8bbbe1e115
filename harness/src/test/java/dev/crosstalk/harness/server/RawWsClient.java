package dev.crosstalk.harness.server;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket client over a plain socket, for hostile clients: it sends any frame (any opcode, any length,
 * fragmented, unmasked) and reads, or does not read, when the test says. Test thread only.
 */
final class RawWsClient implements AutoCloseable {

    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    /** A frame the server sent; {@code closeCode} is set for a close frame with a status. */
    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
        }
    }

    final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    /** The HTTP status of the upgrade. */
    final int status;

    /**
     * Connects and upgrades with {@code token} (Bearer), asking for {@code thread} if not null.
     * {@code receiveBuffer} > 0 sets a small receive buffer, for clients that will not read.
     */
    RawWsClient(int port, String token, String thread, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
        String req = "GET /ws" + (thread == null ? "" : "?thread_id=" + thread) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n" + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                + "\r\n";
        out.write(req.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        status = readStatus(in);
    }

    private static int readStatus(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 8192 && (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n"))) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the server closed during the upgrade: " + head);
            }
            head.append((char) b);
        }
        return Integer.parseInt(head.substring(9, 12));
    }

    /** A masked frame, as a client must send (RFC 6455 5.3), unless {@code masked} is false. */
    static byte[] frame(int opcode, byte[] payload, boolean fin, boolean masked) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(payload.length + 14);
        b.write((fin ? 0x80 : 0) | opcode);
        int m = masked ? 0x80 : 0;
        if (payload.length < 126) {
            b.write(m | payload.length);
        } else if (payload.length < 65536) {
            b.write(m | 126);
            b.write(payload.length >> 8);
            b.write(payload.length & 0xff);
        } else {
            b.write(m | 127);
            long n = payload.length;
            for (int i = 7; i >= 0; i--) {
                b.write((int) (n >> (8 * i)) & 0xff);
            }
        }
        byte[] mask = {0x3c, 0x5a, 0x11, 0x7e};
        if (masked) {
            b.writeBytes(mask);
        }
        for (int i = 0; i < payload.length; i++) {
            b.write(masked ? payload[i] ^ mask[i % 4] : payload[i]);
        }
        return b.toByteArray();
    }

    static byte[] text(String s) {
        return frame(TEXT, s.getBytes(StandardCharsets.UTF_8), true, true);
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    void flush() throws IOException {
        out.flush();
    }

    /** The next frame, or null if the server closed the TCP connection (or nothing came within the timeout). */
    Frame read() throws IOException {
        try {
            int b0 = in.read();
            if (b0 < 0) {
                return null;
            }
            int b1 = in.readUnsignedByte();
            long len = b1 & 0x7f;
            if (len == 126) {
                len = in.readUnsignedShort();
            } else if (len == 127) {
                len = in.readLong();
            }
            if (len > 1 << 20) {
                throw new IOException("a server frame of " + len + " bytes");
            }
            byte[] p = new byte[(int) len];
            in.readFully(p);
            return new Frame(b0 & 0x0f, p);
        } catch (SocketTimeoutException | EOFException e) {
            return null;
        } catch (IOException e) {
            if (socket.isClosed() || "Connection reset".equals(e.getMessage())) {
                return null;
            }
            throw e;
        }
    }

    /** The next text or close frame, skipping pongs. */
    Frame next() throws IOException {
        Frame f;
        do {
            f = read();
        } while (f != null && f.opcode() == PONG);
        return f;
    }

    /** Reads until the server's close frame or the end of the connection: the close code, or -1 (no close frame). */
    int awaitClose() throws IOException {
        for (Frame f = read(); f != null; f = read()) {
            if (f.opcode() == CLOSE) {
                return f.closeCode();
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
