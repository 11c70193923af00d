package limber.dynsec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import limber.security.AccessRules;
import limber.security.Credential;
import limber.security.LoginDirectory;

/**
 * Brings the plugin in line with the engine after a (re)connect: the engine's own client gets the
 * {@link DynsecCommands#ENGINE_ROLE} once; every client of a live login gets exactly that login's
 * role; clients marked as the engine's (or of a device the database says is revoked) whose login is
 * gone are deleted, as are marked roles no client uses. Clients an operator made by hand are left
 * alone. A live login with no client cannot be created (its secret is not kept): it is reported.
 */
final class Reconcile {
    private static final Logger LOG = LoggerFactory.getLogger(Reconcile.class);

    private final DynsecSync sync;
    private final DynsecLink link;
    private final LoginDirectory logins;
    private final Set<String> revoked;
    private final String self;

    Reconcile(DynsecSync sync, DynsecLink link, LoginDirectory logins, Set<String> revoked, String self) {
        this.sync = sync;
        this.link = link;
        this.logins = logins;
        this.revoked = revoked;
        this.self = self;
    }

    Future<Void> run() {
        Future<Void> done = link.send(DynsecCommands.getClient(self)).compose(r -> {
            if (rolesOf(r.getJsonObject("data", new JsonObject()).getJsonObject("client", new JsonObject()))
                    .contains(DynsecCommands.ENGINE_ROLE)) {
                return clients();
            }
            // adding a role disconnects every connection of that login, this one too: the reconnect
            // runs this again, now with the role in place
            LOG.info("dynamic security: giving the engine's login '{}' the role {}", self, DynsecCommands.ENGINE_ROLE);
            return link.send(DynsecCommands.createEngineRole())
                    .recover(e -> DynsecSync.exists(e) ? Future.succeededFuture() : Future.failedFuture(e))
                    .compose(v -> {
                        link.send(DynsecCommands.addClientRole(self, DynsecCommands.ENGINE_ROLE));
                        return Future.<Void>succeededFuture();
                    });
        });
        return sync.logged(done, "reconcile");
    }

    private Future<Void> clients() {
        return link.send(DynsecCommands.listClients()).compose(r -> {
            JsonArray clients = r.getJsonObject("data", new JsonObject()).getJsonArray("clients", new JsonArray());
            Set<String> seen = new HashSet<>();
            Future<Void> chain = Future.succeededFuture();
            for (int i = 0; i < clients.size(); i++) {
                JsonObject c = clients.getJsonObject(i);
                String user = c.getString("username");
                if (user == null || user.equals(self)) {
                    continue;
                }
                seen.add(user);
                chain = chain.compose(v -> one(user, c.getString("textname", ""), rolesOf(c)));
            }
            return chain.compose(v -> {
                reportMissing(seen);
                return roles();
            });
        });
    }

    private Future<Void> one(String user, String textname, List<String> roles) {
        LoginDirectory.Login l = logins.find(user);
        if (l == null || "engine".equals(l.credential().role())) {
            boolean ours = textname.startsWith(DynsecCommands.MARK) || revoked.contains(user);
            if (!ours) {
                return Future.succeededFuture(); // made by hand: not the engine's to touch
            }
            roles.stream().filter(n -> n.startsWith(DynsecCommands.MARK)).forEach(n -> sync.roleOf.put(user, n));
            return sync.delete(user);
        }
        Credential c = l.credential();
        String role = DynsecCommands.roleName(c);
        if (roles.equals(List.of(role))) {
            sync.roleOf.put(user, role);
            return Future.succeededFuture();
        }
        Future<Void> fixed = sync.ensureRole(role, AccessRules.of(c))
                .compose(v -> link.send(DynsecCommands.modifyClient(user, null, role)))
                .compose(v -> sync.replaced(user, role));
        return sync.logged(fixed, "reconcile " + user);
    }

    private void reportMissing(Set<String> seen) {
        List<String> missing = new ArrayList<>();
        for (LoginDirectory.Login l : logins.all()) {
            if (!seen.contains(l.user()) && !"engine".equals(l.credential().role()) && !l.user().equals(self)) {
                missing.add(l.user());
            }
        }
        if (!missing.isEmpty()) {
            LOG.warn("dynamic security: {} login(s) have no client at the broker and cannot be created without their"
                    + " secret (pair them again, or revoke and create them anew): {}",
                    missing.size(), missing.size() > 10 ? missing.subList(0, 10) + " ..." : missing);
        }
    }

    private Future<Void> roles() {
        return link.send(DynsecCommands.listRoles()).compose(r -> {
            JsonArray roles = r.getJsonObject("data", new JsonObject()).getJsonArray("roles", new JsonArray());
            Future<Void> chain = Future.succeededFuture();
            for (int i = 0; i < roles.size(); i++) {
                Object o = roles.getValue(i);
                String name = o instanceof JsonObject j ? j.getString("rolename") : String.valueOf(o);
                if (name != null && name.startsWith(DynsecCommands.MARK) && !sync.roleOf.containsValue(name)) {
                    chain = chain.compose(v -> sync.dropRole(name));
                }
            }
            return chain;
        });
    }

    private static List<String> rolesOf(JsonObject client) {
        JsonArray roles = client.getJsonArray("roles", new JsonArray());
        List<String> names = new ArrayList<>();
        for (int i = 0; i < roles.size(); i++) {
            names.add(roles.getJsonObject(i).getString("rolename"));
        }
        return names;
    }
}
