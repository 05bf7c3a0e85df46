package dev.bulkexport.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * Downloads a file into {@code <target>.<sha256 prefix>.part}, resuming with an HTTP {@code Range} request
 * after a connection cut short (also across runs), then checks size and SHA-256 and moves it into place.
 */
public final class ResumableDownload {
    static final int MAX_ATTEMPTS = 8;

    /** The bytes arrived but are not the job's file. */
    public static final class CorruptDownloadException extends RuntimeException {
        CorruptDownloadException(String message) {
            super(message);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final Consumer<String> notice;

    public ResumableDownload(Consumer<String> notice) {
        this.notice = notice;
    }

    public void fetch(RemoteFile file, Path target) throws IOException {
        Path part = target.resolveSibling(target.getFileName() + "." + prefix(file.sha256()) + ".part");
        int failures = 0;
        do {
            long have = Files.exists(part) ? Files.size(part) : 0;
            if (have > file.sizeBytes()) {
                Files.delete(part);
                have = 0;
            }
            try {
                receive(file.url().get(), part, have);
            } catch (IOException e) {
                if (++failures >= MAX_ATTEMPTS) {
                    throw e;
                }
                notice.accept("download of " + file.fileName() + " interrupted at " + Files.size(part) + " of "
                        + file.sizeBytes() + " bytes (" + e.getMessage() + "); resuming");
                ApiClient.pause(Duration.ofMillis(250L * failures));
            }
        } while (!Files.exists(part) || Files.size(part) < file.sizeBytes());
        verify(file, part);
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
    }

    /** One GET: from the start, or the rest from {@code offset} (206); a 200 to a range starts over. */
    private void receive(URI url, Path part, long offset) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(30)).GET();
        if (offset > 0) {
            request.header("Range", "bytes=" + offset + "-");
        }
        HttpResponse<InputStream> response = send(request.build());
        int status = response.statusCode();
        if (status != 200 && status != 206) {
            response.body().close();
            throw new IllegalStateException("download answered HTTP " + status);
        }
        StandardOpenOption mode = status == 206 ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
        try (InputStream in = response.body();
                OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        mode)) {
            in.transferTo(out);
        }
    }

    private HttpResponse<InputStream> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void verify(RemoteFile file, Path part) throws IOException {
        long size = Files.size(part);
        String sha256 = sha256(part);
        if (size != file.sizeBytes() || !sha256.equalsIgnoreCase(file.sha256())) {
            Files.delete(part);
            throw new CorruptDownloadException(file.fileName() + ": got " + size + " bytes with sha256 " + sha256
                    + ", the job says " + file.sizeBytes() + " bytes with sha256 " + file.sha256());
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int read; (read = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String prefix(String sha256) {
        return sha256 == null || sha256.length() < 12 ? "download" : sha256.substring(0, 12);
    }
}
