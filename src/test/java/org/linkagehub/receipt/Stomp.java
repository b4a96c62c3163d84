package org.linkagehub.receipt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A department's STOMP 1.2 client in raw frames over a socket, as a script in any language would speak it. */
public final class Stomp implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public Stomp(int port, String user, String password) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        send("CONNECT", Map.of("accept-version", "1.2", "host", "127.0.0.1", "login", user, "passcode", password), null);
    }

    public void send(String command, Map<String, String> headers, byte[] body) throws IOException {
        StringBuilder frame = new StringBuilder(command).append('\n');
        headers.forEach((k, v) -> frame.append(k).append(':').append(v).append('\n'));
        if (body != null) {
            frame.append("content-length:").append(body.length).append('\n');
        }
        frame.append('\n');
        out.write(frame.toString().getBytes(StandardCharsets.UTF_8));
        if (body != null) {
            out.write(body);
        }
        out.write(0);
        out.flush();
    }

    /** The next frame, skipping heart-beats. */
    public Frame read() throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) == '\n') {
            // heart-beat
        }
        while (b != 0) {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            buffer.write(b);
            b = in.read();
        }
        String text = buffer.toString(StandardCharsets.UTF_8);
        int blank = text.indexOf("\n\n");
        String[] head = text.substring(0, blank).split("\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            headers.putIfAbsent(head[i].substring(0, colon), head[i].substring(colon + 1));
        }
        return new Frame(head[0], headers, text.substring(blank + 2));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    public record Frame(String command, Map<String, String> headers, String body) {
    }
}
