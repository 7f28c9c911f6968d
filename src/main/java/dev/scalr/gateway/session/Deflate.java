package dev.scalr.gateway.session;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Deflate (zlib) for session cookies: an ID token and a long group list repeat themselves enough to halve the
 * cookie. Inflating is bounded, so a sealed value (only ever ours, but still) cannot expand without limit.
 */
public final class Deflate {

    /** Far above any cookie's content: a cookie is at most 4 KB before inflating. */
    private static final int MAX_INFLATED = 64 * 1024;

    private Deflate() {
    }

    public static byte[] pack(byte marker, String text) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(text.getBytes(StandardCharsets.UTF_8));
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() / 2 + 16);
            out.write(marker);
            byte[] buffer = new byte[1024];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** One inflater per thread, reset per use: creating one costs a native zlib set-up on every request. */
    private static final ThreadLocal<Inflater> INFLATERS = ThreadLocal.withInitial(Inflater::new);

    public static String unpack(byte[] packed, int offset) throws DataFormatException {
        Inflater inflater = INFLATERS.get();
        inflater.reset();
        inflater.setInput(packed, offset, packed.length - offset);
        byte[] out = new byte[Math.min(MAX_INFLATED, Math.max(1024, packed.length * 4))];
        int length = 0;
        while (!inflater.finished()) {
            if (length == out.length) {
                if (out.length >= MAX_INFLATED) {
                    throw new DataFormatException("too large");
                }
                out = java.util.Arrays.copyOf(out, Math.min(MAX_INFLATED, out.length * 2));
            }
            int n = inflater.inflate(out, length, out.length - length);
            if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                throw new DataFormatException("truncated");
            }
            length += n;
        }
        return new String(out, 0, length, StandardCharsets.UTF_8);
    }
}
