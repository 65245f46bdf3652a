package org.heroes.analytics.ingest.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.heroes.analytics.ingest.events.MalformedBatchException;
import org.springframework.http.HttpHeaders;

/**
 * The request body as a stream that refuses, while it is being read, to yield more than the limit:
 * a body is never buffered whole before its size is known. With {@code Content-Encoding: gzip} both the
 * bytes on the wire and the bytes after decompression are bounded, so a gzip bomb costs one limit's
 * worth of inflating and gets {@code 413}.
 */
final class RequestBody {

    private RequestBody() {}

    /**
     * @throws PayloadTooLargeException at once if the body announces more than {@code maxBytes}; later,
     *     from the stream's read methods, when it brings more
     * @throws UnsupportedContentEncodingException for an encoding other than identity and gzip
     */
    static InputStream of(HttpServletRequest request, long maxBytes) throws IOException {
        if (request.getContentLengthLong() > maxBytes) {
            throw new PayloadTooLargeException(maxBytes);
        }
        InputStream wire = new Limited(request.getInputStream(), maxBytes);
        String encoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
        if (encoding == null || encoding.isBlank() || encoding.trim().equalsIgnoreCase("identity")) {
            return wire;
        }
        String name = encoding.trim().toLowerCase(Locale.ROOT);
        if (!name.equals("gzip") && !name.equals("x-gzip")) {
            throw new UnsupportedContentEncodingException(encoding);
        }
        try {
            return new Limited(new GZIPInputStream(wire, 8192), maxBytes);
        } catch (IOException e) {
            throw new MalformedBatchException("the body is not gzip: " + e.getMessage(), e);
        }
    }

    /** Counts what passes and throws {@link PayloadTooLargeException} on the first byte past the limit. */
    private static final class Limited extends FilterInputStream {

        private final long limit;
        private long count;

        Limited(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, (int) Math.min(length, limit - count + 1));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, limit - count + 1));
            count(skipped);
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void count(long n) {
            count += n;
            if (count > limit) {
                throw new PayloadTooLargeException(limit);
            }
        }
    }
}
