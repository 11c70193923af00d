package limber.dynsec;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import limber.fleet.CredentialSink;
import limber.security.AccessRules;
import limber.security.Credential;
import limber.security.LoginDirectory;

/**
 * Keeps an external Mosquitto's Dynamic Security clients and roles in step with the engine's logins:
 * a new login becomes a client with its secret and a role of its own, a move a new role (the plugin
 * disconnects the client, which then subscribes anew), a revocation or an expired tablet token a
 * deleted client (disconnected at once, refused afterwards). Changes run one after another on this
 * verticle's own context; a failure is logged, counted and never reaches the change that caused it.
 * On every connect {@link Reconcile} brings the plugin's state back in line with the engine's.
 */
public final class DynsecSync extends VerticleBase implements CredentialSink {
    private static final Logger LOG = LoggerFactory.getLogger(DynsecSync.class);

    /** Where the plugin is and the engine's admin login to it. */
    public record Target(String url, String clientId, String username, String password) {
    }

    private final Target target;
    private final LoginDirectory logins;
    private final Set<String> revoked;
    private final AtomicLong failures = new AtomicLong();
    /** The role the broker holds for each login the engine manages there. */
    final Map<String, String> roleOf = new HashMap<>();
    private DynsecLink link;
    private Future<?> tail = Future.succeededFuture();

    /** {@code revoked}: ids the journal database says are revoked (their clients go, marked or not). */
    public DynsecSync(Target target, LoginDirectory logins, Set<String> revoked) {
        this.target = target;
        this.logins = logins;
        this.revoked = Set.copyOf(revoked);
    }

    @Override
    public Future<?> start() {
        link = new DynsecLink(vertx, context, target.url(), target.clientId(), target.username(), target.password());
        link.onConnected(() -> queue(() -> new Reconcile(this, link, logins, revoked, target.username()).run()));
        link.connect();
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        return link.close();
    }

    /** Commands that failed or went unanswered since start. */
    public long failures() {
        return failures.get();
    }

    /** True while the command connection to the broker is up. */
    public boolean connected() {
        return link != null && link.connected();
    }

    @Override
    public Future<Void> created(Credential login, String secret) {
        if (context == null) {
            return Future.succeededFuture(); // not deployed yet: nothing can be paired that early
        }
        Context caller = Vertx.currentContext();
        Promise<Void> told = Promise.promise();
        context.runOnContext(v -> queue(() -> create(login, secret)).onComplete(ar -> {
            if (caller == null) {
                told.complete();
            } else {
                caller.runOnContext(x -> told.complete());
            }
        }));
        return told.future();
    }

    @Override
    public void changed(Credential login) {
        if (context != null) {
            context.runOnContext(v -> queue(() -> move(login)));
        }
    }

    @Override
    public void removed(String user) {
        if (context != null) {
            context.runOnContext(v -> queue(() -> delete(user)));
        }
    }

    private Future<Void> create(Credential c, String secret) {
        String role = DynsecCommands.roleName(c);
        String label = c.role() + " " + c.name();
        Future<Void> done = ensureRole(role, AccessRules.of(c))
                .compose(v -> link.send(DynsecCommands.createClient(c.name(), secret, label, role))
                        .recover(e -> exists(e) ? link.send(DynsecCommands.modifyClient(c.name(), secret, role))
                                : Future.failedFuture(e)))
                .compose(v -> replaced(c.name(), role));
        LoginDirectory.Login l = logins.find(c.name());
        if (l != null && l.expiresAt() > 0) {
            long in = Math.max(1, l.expiresAt() - System.currentTimeMillis());
            vertx.setTimer(in, t -> {
                if (logins.find(c.name()) == null) {
                    queue(() -> delete(c.name()));
                }
            });
        }
        return logged(done, "create " + c.name());
    }

    private Future<Void> move(Credential c) {
        String role = DynsecCommands.roleName(c);
        if (role.equals(roleOf.get(c.name()))) {
            return Future.succeededFuture();
        }
        Future<Void> done = ensureRole(role, AccessRules.of(c))
                .compose(v -> link.send(DynsecCommands.modifyClient(c.name(), null, role)))
                .compose(v -> replaced(c.name(), role));
        return logged(done, "move " + c.name());
    }

    Future<Void> delete(String user) {
        String role = roleOf.remove(user);
        Future<Void> done = link.send(DynsecCommands.deleteClient(user))
                .recover(e -> notFound(e) ? Future.succeededFuture() : Future.failedFuture(e))
                .compose(v -> role == null ? Future.succeededFuture() : dropRole(role));
        return logged(done, "delete " + user);
    }

    /** Records the login's new role and deletes the one it had. */
    Future<Void> replaced(String user, String role) {
        String old = roleOf.put(user, role);
        return old == null || old.equals(role) ? Future.succeededFuture() : dropRole(old);
    }

    Future<Void> ensureRole(String role, AccessRules rules) {
        return link.send(DynsecCommands.createRole(role, rules))
                .<Void>mapEmpty().recover(e -> exists(e) ? Future.succeededFuture() : Future.failedFuture(e));
    }

    Future<Void> dropRole(String role) {
        return link.send(DynsecCommands.deleteRole(role)).<Void>mapEmpty()
                .recover(e -> notFound(e) ? Future.succeededFuture() : Future.failedFuture(e));
    }

    static boolean exists(Throwable e) {
        return e instanceof DynsecException d && d.error().contains("already exists");
    }

    static boolean notFound(Throwable e) {
        return e instanceof DynsecException d && d.error().contains("not found");
    }

    /** A failure is logged once, here, and counted; the chain goes on. */
    <T> Future<Void> logged(Future<T> f, String what) {
        return f.<Void>mapEmpty().recover(e -> {
            long n = failures.incrementAndGet();
            LOG.warn("dynamic security: {} failed: {} ({} failures so far)", what, e.getMessage(), n);
            return Future.succeededFuture();
        });
    }

    /** Runs {@code step} after everything queued before it, on this context. */
    private Future<Void> queue(Supplier<Future<Void>> step) {
        Future<Void> next = tail.transform(ar -> step.get());
        tail = next;
        return next;
    }
}
