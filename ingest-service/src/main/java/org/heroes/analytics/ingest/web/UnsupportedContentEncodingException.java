package org.heroes.analytics.ingest.web;

/** The body is encoded in a way the service does not read (only identity and gzip are). */
final class UnsupportedContentEncodingException extends RuntimeException {

    UnsupportedContentEncodingException(String encoding) {
        super("Content-Encoding " + encoding + " is not supported; send identity or gzip");
    }
}
