package limber.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.vertx.core.Handler;
import io.vertx.ext.auth.authentication.UsernamePasswordCredentials;
import io.vertx.ext.web.RoutingContext;

/**
 * HTTP Basic trainer login with JSON errors. Requests from the Limber pages (marked with
 * {@code X-Requested-With: limber}) get no {@code WWW-Authenticate} challenge, so the browser shows the
 * page's own login dialog instead of its native prompt; curl and other clients get the challenge.
 */
public final class TrainerAuthHandler implements Handler<RoutingContext> {
    /** Routing-context key under which the logged-in trainer's name is kept for later handlers. */
    public static final String TRAINER = "limber.trainer";

    private final TrainerLogins logins;

    public TrainerAuthHandler(TrainerLogins logins) {
        this.logins = logins;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            refuse(ctx, "a trainer login is required");
            return;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            refuse(ctx, "the login header is malformed");
            return;
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            refuse(ctx, "the login header is malformed");
            return;
        }
        logins.authenticate(new UsernamePasswordCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)))
                .onSuccess(user -> {
                    ctx.put(TRAINER, user.subject());
                    ctx.next();
                })
                .onFailure(e -> refuse(ctx, "unknown trainer or wrong password"));
    }

    private static void refuse(RoutingContext ctx, String message) {
        if (!"limber".equals(ctx.request().getHeader("x-requested-with"))) {
            ctx.response().putHeader("www-authenticate", "Basic realm=\"limber\", charset=\"UTF-8\"");
        }
        ApiError.send(ctx, 401, "unauthorized", message);
    }
}
