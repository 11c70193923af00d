package limber.bench;

import java.util.Properties;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.vertx.core.Vertx;

/**
 * The start-up baseline: a bare JVM that starts Moquette (as the engine configures it: no
 * persistence, a WebSocket listener) and a Vert.x HTTP server answering /health, nothing else.
 * {@code java -cp limber.jar:test-classes limber.bench.BareStart <http> <mqtt> <ws>}
 */
public final class BareStart {
    private BareStart() {
    }

    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", args[1]);
        p.setProperty("websocket_port", args[2]);
        p.setProperty("allow_anonymous", "true");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("use_metrics", "false");
        p.setProperty("use_bugsnag", "false");
        new Server().startServer(new MemoryConfig(p));
        Vertx.vertx().createHttpServer().requestHandler(r -> r.response().end("UP"))
                .listen(Integer.parseInt(args[0]), "127.0.0.1").toCompletionStage().toCompletableFuture().get();
    }
}
