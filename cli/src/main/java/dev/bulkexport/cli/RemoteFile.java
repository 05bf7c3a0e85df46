package dev.bulkexport.cli;

import java.net.URI;
import java.util.function.Supplier;

/**
 * One file of a job's results: its name, what it must measure and hash to, and where to get it (a pre-signed
 * URL, asked for afresh on every attempt so that a resumed download never uses a stale one).
 */
public record RemoteFile(String fileName, long sizeBytes, String sha256, Supplier<URI> url) {
}
