import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The compose smoke's webhook receiver, on the compose network (the notifier cannot reach the host's
 * loopback): answers 204 and writes each request to /received/<n>.txt as "name: value" header lines (names
 * in lower case, ":path" first), an empty line, then the body, for ComposeSmoke to check the signature.
 * Run with the JDK's source launcher: java WebhookSink.java
 */
public class WebhookSink {
    public static void main(String[] args) throws IOException {
        Path dir = Path.of("/received");
        AtomicLong count = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress(8099), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            StringBuilder text = new StringBuilder(":path: " + exchange.getRequestURI().getPath() + "\n");
            exchange.getRequestHeaders().forEach((name, values) ->
                    text.append(name.toLowerCase(Locale.ROOT)).append(": ").append(values.get(0)).append('\n'));
            text.append('\n').append(new String(body, StandardCharsets.UTF_8));
            String name = String.format("%06d", count.incrementAndGet());
            Path partial = dir.resolve(name + ".part");
            Files.writeString(partial, text, StandardCharsets.UTF_8);
            Files.move(partial, dir.resolve(name + ".txt"), StandardCopyOption.ATOMIC_MOVE);
            System.out.println("received " + exchange.getRequestMethod() + " " + exchange.getRequestURI());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        System.out.println("webhook sink listening on 8099");
    }
}
