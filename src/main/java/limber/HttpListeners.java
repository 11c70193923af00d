package limber;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;

import limber.config.LimberConfig;
import limber.tls.ServerIdentity;

/**
 * The engine's HTTP listeners. TLS off: one plain server on {@code http.port}. TLS on: HTTPS on
 * {@code http.port}, and a plain listener on {@code tls.redirectPort} that answers every request
 * with a redirect to the same path over HTTPS and serves nothing else.
 */
final class HttpListeners {
    static final String CA_PATH = "/ca.pem";

    private HttpListeners() {
    }

    /** {@code GET /ca.pem}: the CA a kiosk or tablet should trust, when there is one. */
    static void mountCa(Router router, ServerIdentity tls) {
        if (tls == null || tls.ca() == null) {
            return;
        }
        String pem = tls.caPem();
        router.get(CA_PATH).handler(ctx -> ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/x-x509-ca-cert")
                .putHeader("Content-Disposition", "attachment; filename=\"limber-ca.crt\"")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(pem));
    }

    /** Completes with the server that serves the router (the HTTPS one with TLS on). */
    static Future<HttpServer> listen(Vertx vertx, Router router, LimberConfig cfg, ServerIdentity tls) {
        LimberConfig.Http http = cfg.http();
        if (tls == null) {
            return vertx.createHttpServer().requestHandler(router).listen(http.port(), http.host());
        }
        HttpServerOptions secure = new HttpServerOptions().setSsl(true).setKeyCertOptions(tls.keyCertOptions());
        return vertx.createHttpServer(secure).requestHandler(router).listen(http.port(), http.host())
                .compose(server -> vertx.createHttpServer()
                        .requestHandler(req -> redirect(req, server.actualPort()))
                        .listen(cfg.tls().redirectPort(), http.host())
                        .map(server));
    }

    /** 301 for reads, 308 for anything else so a client that follows it repeats its method and body. */
    static void redirect(HttpServerRequest req, int httpsPort) {
        HostAndPort authority = req.authority();
        String host = authority != null ? authority.host() : req.localAddress().host();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        boolean read = req.method() == HttpMethod.GET || req.method() == HttpMethod.HEAD;
        req.response().setStatusCode(read ? 301 : 308)
                .putHeader(HttpHeaders.LOCATION, "https://" + host + ":" + httpsPort + req.uri())
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end();
    }
}
