package limber.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Hostile or broken MQTT clients as raw TCP sockets: junk bytes, a packet announcing 1 MB, a CONNECT
 * with a wrong password. {@link #sendAll} opens every socket first and then writes them all at
 * once, so the broker sees them as one burst.
 */
public final class RawClients {
    private RawClients() {
    }

    /** Bytes that are no MQTT: an HTTP request or a reserved packet type with random bytes behind it. */
    public static byte[] junk(int seed) {
        if (seed % 2 == 0) {
            return "GET /mqtt HTTP/1.1\r\nHost: limber\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        }
        byte[] b = new byte[64 + seed % 400];
        new Random(seed).nextBytes(b);
        b[0] = 0x00; // packet type 0 is reserved
        return b;
    }

    /** A QoS 0 PUBLISH whose header announces 1 MB (remaining length 0x80 0x80 0x40), then 16 KB of it. */
    public static byte[] announcesOneMegabyte() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x30, (byte) 0x80, (byte) 0x80, 0x40});
        writeString(out, "limber/v1/devices/x/events");
        out.writeBytes(new byte[16_384]);
        return out.toByteArray();
    }

    /** An MQTT 3.1.1 CONNECT with user name and password. */
    public static byte[] connect(String clientId, String user, String password) {
        return connect(clientId, user, password, null);
    }

    /** The same with a QoS 1 will on {@code willTopic} (null: no will). */
    public static byte[] connect(String clientId, String user, String password, String willTopic) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, "MQTT");
        int flags = 0xC2 | (willTopic == null ? 0 : 0x0C); // user + password + clean session (+ will, QoS 1)
        body.writeBytes(new byte[] {4, (byte) flags, 0, 60}); // level 4, keep-alive 60 s
        writeString(body, clientId);
        if (willTopic != null) {
            writeString(body, willTopic);
            writeString(body, "{\"status\":\"offline\"}");
        }
        writeString(body, user);
        writeString(body, password);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x10);
        out.write(body.size()); // below 128 bytes
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    /** An MQTT 3.1.1 SUBSCRIBE to one topic (below 128 bytes) at QoS 1, with packet id {@code id}. */
    public static byte[] subscribe(String topic, int id) {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x82);
        out.write(2 + 2 + t.length + 1);
        out.writeBytes(new byte[] {(byte) (id >> 8), (byte) id, (byte) (t.length >> 8), (byte) t.length});
        out.writeBytes(t);
        out.write(1);
        return out.toByteArray();
    }

    /** Reads an MQTT remaining length (the variable-length integer after a packet's first byte). */
    public static int remainingLength(DataInputStream in) throws IOException {
        int value = 0;
        int shift = 0;
        int b;
        do {
            b = in.readUnsignedByte();
            value |= (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return value;
    }

    /** A QoS 1 PUBLISH with packet id {@code id} (any length: the remaining length is variable-length encoded). */
    public static byte[] publishQos1(String topic, byte[] payload, int id) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, topic);
        body.write(id >> 8);
        body.write(id & 0xFF);
        body.writeBytes(payload);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x32);
        int remaining = body.size();
        do {
            int digit = remaining % 128;
            remaining /= 128;
            out.write(remaining > 0 ? digit | 0x80 : digit);
        } while (remaining > 0);
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    /**
     * Opens one socket per payload, then writes every payload, then reads each until the broker closes
     * it (or {@code timeoutMs} passes). Returns what each got back before the close.
     */
    public static List<byte[]> sendAll(int port, List<byte[]> payloads, int timeoutMs) throws IOException {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < payloads.size(); i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                s.setSoTimeout(timeoutMs);
                sockets.add(s);
            }
            for (int i = 0; i < payloads.size(); i++) {
                try {
                    sockets.get(i).getOutputStream().write(payloads.get(i));
                } catch (IOException closedAlready) {
                    // the broker may close a junk connection before all of it is written
                }
            }
            List<byte[]> answers = new ArrayList<>();
            for (Socket s : sockets) {
                answers.add(readUntilClosed(s));
            }
            return answers;
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    private static byte[] readUntilClosed(Socket s) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[1024];
        try {
            InputStream in = s.getInputStream();
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                got.write(buf, 0, n);
            }
        } catch (SocketTimeoutException stillOpen) {
            got.writeBytes("(still open)".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException reset) {
            // a reset is a close too
        }
        return got.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b.length >> 8);
        out.write(b.length & 0xFF);
        out.writeBytes(b);
    }
}
