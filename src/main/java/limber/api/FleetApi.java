package limber.api;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import limber.fleet.DeviceBook;
import limber.fleet.DeviceView;
import limber.fleet.FleetException;
import limber.fleet.PairingDesk;
import limber.fleet.TrainerBook;
import limber.security.TrainerDirectory;
import limber.security.TrainerDirectory.Trainer;
import limber.session.EngineClock;

/**
 * The floor's accounts from the tablet: approving a pairing code, listing, renaming, moving and
 * revoking devices, managing trainers (admins only), and every trainer's own broker token.
 */
public final class FleetApi {
    private final PairingDesk desk;
    private final DeviceBook devices;
    private final TrainerBook trainers;
    private final TrainerDirectory directory;
    private final EngineClock clock;

    public FleetApi(PairingDesk desk, DeviceBook devices, TrainerBook trainers, TrainerDirectory directory,
                    EngineClock clock) {
        this.desk = desk;
        this.devices = devices;
        this.trainers = trainers;
        this.directory = directory;
        this.clock = clock;
    }

    /** {@code auth}: the trainer login; these routes always need it, whatever http.openReads says. */
    public void mount(Router router, Handler<RoutingContext> auth) {
        Handler<RoutingContext> admin = this::requireAdmin;
        router.get("/api/me").handler(auth).handler(ctx -> {
            String me = trainer(ctx);
            JsonReply.send(ctx, 200, new JsonObject().put("name", me).put("admin", directory.isAdmin(me)));
        });
        router.get("/api/mqtt-login").handler(auth).handler(ctx -> {
            TrainerBook.MqttLogin l = trainers.mqttLogin(trainer(ctx));
            JsonReply.send(ctx, 200, new JsonObject().put("username", l.username()).put("password", l.password())
                    .put("expiresAt", l.expiresAt()));
        });
        router.post("/api/pairing/:code/approve").handler(auth).handler(admin).handler(this::approve);
        router.get("/api/devices").handler(auth).handler(admin).handler(ctx -> {
            JsonArray out = new JsonArray();
            devices.list().forEach(d -> out.add(device(d)));
            JsonReply.send(ctx, 200, out);
        });
        router.post("/api/devices").handler(auth).handler(admin).handler(ctx -> reply(ctx, 201, () -> {
            JsonObject b = body(ctx);
            return devices.create(b.getString("id"), b.getString("role"), b.getString("zone"), b.getString("name"))
                    .map(p -> new JsonObject().put("id", p.deviceId()).put("secret", p.secret()).put("role", p.role())
                            .put("zone", p.zone()).put("name", p.name()));
        }));
        router.patch("/api/devices/:id").handler(auth).handler(admin).handler(ctx -> reply(ctx, () -> {
            JsonObject b = body(ctx);
            return devices.update(ctx.pathParam("id"), b.getString("name"), b.getString("zone")).map(FleetApi::device);
        }));
        router.delete("/api/devices/:id").handler(auth).handler(admin).handler(ctx -> reply(ctx,
                () -> devices.revoke(ctx.pathParam("id")).map(v -> new JsonObject().put("revoked", ctx.pathParam("id")))));
        router.get("/api/trainers").handler(auth).handler(admin).handler(ctx -> {
            JsonArray out = new JsonArray();
            trainers.list().forEach(t -> out.add(trainer(t)));
            JsonReply.send(ctx, 200, out);
        });
        router.post("/api/trainers").handler(auth).handler(admin).handler(ctx -> reply(ctx, 201, () -> {
            JsonObject b = body(ctx);
            return trainers.add(b.getString("name"), b.getBoolean("admin", false))
                    .map(pw -> new JsonObject().put("name", b.getString("name")).put("password", pw));
        }));
        router.post("/api/trainers/:name/reset-password").handler(auth).handler(admin).handler(ctx -> reply(ctx,
                () -> trainers.resetPassword(ctx.pathParam("name")).map(pw -> new JsonObject().put("password", pw))));
        router.patch("/api/trainers/:name").handler(auth).handler(admin).handler(ctx -> reply(ctx, () -> {
            JsonObject b = body(ctx);
            return trainers.change(ctx.pathParam("name"), b.getBoolean("disabled"), b.getBoolean("admin"), trainer(ctx))
                    .map(FleetApi::trainer);
        }));
    }

    private void approve(RoutingContext ctx) {
        JsonObject b;
        try {
            b = body(ctx);
        } catch (FleetException e) {
            ApiError.send(ctx, e.status(), e.code(), e.getMessage());
            return;
        }
        String role = b.getValue("role") instanceof String r ? r : null;
        String zone = b.getValue("zone") instanceof String z ? z : null;
        String name = b.getValue("name") instanceof String n ? n : null;
        try {
            devices.validate(role, zone, name); // before the code is used up
        } catch (FleetException e) {
            ApiError.send(ctx, e.status(), e.code(), e.getMessage());
            return;
        }
        PairingDesk.Waiting w;
        try {
            w = desk.claim(trainer(ctx), ctx.pathParam("code"), clock.nowMillis());
        } catch (PairingDesk.Refused e) {
            ctx.response().putHeader("retry-after", Long.toString(Math.max(1, e.retryAfterMs() / 1000)));
            ApiError.send(ctx, 429, "too_many_wrong_codes", e.getMessage());
            return;
        }
        if (w == null) {
            ApiError.send(ctx, 404, "unknown_code", "no device is waiting with that code (wrong, expired or already used)");
            return;
        }
        devices.pair(role, zone, name).onSuccess(p -> {
            w.listener().accept(p);
            JsonReply.send(ctx, 200, new JsonObject().put("deviceId", p.deviceId()).put("role", p.role()).put("zone", p.zone())
                    .put("name", p.name()));
        }).onFailure(e -> {
            desk.putBack(w); // the device keeps waiting; the trainer can approve again
            ApiError.send(ctx, 503, "store_failed", "the device could not be saved: " + e.getMessage());
        });
    }

    private void requireAdmin(RoutingContext ctx) {
        if (directory.isAdmin(trainer(ctx))) {
            ctx.next();
        } else {
            ApiError.send(ctx, 403, "forbidden", "only a trainer with the admin right can manage devices and trainers");
        }
    }

    private static String trainer(RoutingContext ctx) {
        return ctx.get(TrainerAuthHandler.TRAINER);
    }

    private static JsonObject body(RoutingContext ctx) {
        if (ctx.body().length() == 0) {
            return new JsonObject();
        }
        try {
            return ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            throw new FleetException(400, "bad_json", "the body must be a JSON object");
        }
    }

    private interface Work {
        Future<JsonObject> run();
    }

    private static void reply(RoutingContext ctx, Work work) {
        reply(ctx, 200, work);
    }

    /** Runs an account change; a refused one (or a wrong type in the body) becomes a JSON error. */
    private static void reply(RoutingContext ctx, int status, Work work) {
        Future<JsonObject> f;
        try {
            f = work.run();
        } catch (FleetException e) {
            ApiError.send(ctx, e.status(), e.code(), e.getMessage());
            return;
        } catch (ClassCastException e) {
            ApiError.send(ctx, 400, "wrong_type", "a field has the wrong type: names and zones are strings, flags true or false");
            return;
        }
        f.onSuccess(v -> JsonReply.send(ctx, status, v))
                .onFailure(e -> ApiError.send(ctx, 503, "store_failed", "the change could not be saved: " + e.getMessage()));
    }

    private static JsonObject device(DeviceView d) {
        return new JsonObject().put("id", d.id()).put("role", d.role()).put("zone", d.zone()).put("name", d.name())
                .put("source", d.source()).put("online", d.online()).put("lastSeen", d.lastSeen())
                .put("clockOffsetMs", d.clockOffsetMs()).put("rttMs", d.rttMs()).put("revoked", d.revoked());
    }

    private static JsonObject trainer(Trainer t) {
        return new JsonObject().put("name", t.name()).put("admin", t.admin()).put("disabled", t.disabled())
                .put("source", t.source());
    }
}
