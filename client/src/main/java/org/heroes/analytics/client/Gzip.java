package org.heroes.analytics.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** How the client library compresses a request body; public for the ingest benchmark, which sends what it sends. */
public final class Gzip {

    private Gzip() {}

    /**
     * One gzip member at {@link Deflater#BEST_SPEED}: on a 100-event batch (32 KB of JSON) it took a third to half
     * of the CPU of the default level 6 for a body 10 % larger (9.8 KB instead of 8.9 KB); a tablet's battery and
     * the cores a load generator shares with the service are worth more than those bytes.
     */
    public static byte[] bestSpeed(byte[] bytes) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(bytes.length / 4 + 64);
        try (GZIPOutputStream out = new GZIPOutputStream(compressed) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return compressed.toByteArray();
    }
}
