package dev.scalr.gateway.signin;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Deflate (zlib) for session cookies: an ID token and a long group list repeat themselves enough to halve the
 * cookie. Inflating is bounded, so a sealed value (only ever ours, but still) cannot expand without limit.
 */
final class Deflate {

    /** Far above any cookie's content: a cookie is at most 4 KB before inflating. */
    private static final int MAX_INFLATED = 64 * 1024;

    private Deflate() {
    }

    static byte[] pack(byte marker, String text) {
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

    static String unpack(byte[] packed, int offset) throws DataFormatException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(packed, offset, packed.length - offset);
            ByteArrayOutputStream out = new ByteArrayOutputStream(packed.length * 3);
            byte[] buffer = new byte[2048];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DataFormatException("truncated");
                }
                if (out.size() + n > MAX_INFLATED) {
                    throw new DataFormatException("too large");
                }
                out.write(buffer, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            inflater.end();
        }
    }
}
