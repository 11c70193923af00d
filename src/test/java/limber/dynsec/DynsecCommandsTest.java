package limber.dynsec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import limber.security.AccessRules;
import limber.security.Credential;

/** The plugin's command JSON, field by field as Mosquitto 2.0's dynamic security plugin reads it. */
class DynsecCommandsTest {
    private static final Credential WATCH = new Credential("watch-7", "watch", "main-floor", "$s256$x");

    @Test
    void aRoleIsNamedAfterRoleZoneAndLogin() {
        assertEquals("limber:watch:main-floor:watch-7", DynsecCommands.roleName(WATCH));
        assertEquals("limber:trainer:-:tablet:sam:abc", DynsecCommands.roleName(new Credential("tablet:sam:abc", "trainer", null, "h")));
        assertEquals("limber:tablet:-:tab-1", DynsecCommands.roleName(new Credential("tab-1", "tablet", "", "h")));
    }

    @Test
    void aclsGrantTheRulesAndDeliverNothingElse() {
        AccessRules rules = AccessRules.of(WATCH);
        JsonArray acls = DynsecCommands.acls(rules);
        assertEquals(rules.read().size() * 2 + rules.write().size() + 1, acls.size());
        assertTrue(acls.contains(acl("subscribePattern", "limber/v1/zones/main-floor/#", true, 0)));
        assertTrue(acls.contains(acl("publishClientReceive", "limber/v1/zones/main-floor/#", true, 0)));
        assertTrue(acls.contains(acl("publishClientSend", "limber/v1/devices/watch-7/events", true, 0)));
        assertEquals(acl("publishClientReceive", "#", false, -1), acls.getJsonObject(acls.size() - 1));
        assertFalse(acls.stream().map(a -> ((JsonObject) a).getString("topic")).anyMatch(t -> t.contains("%")),
                "the plugin has no %c/%u substitution");
    }

    @Test
    void clientCommandsCarryTheMarkAndOneRole() {
        JsonObject c = DynsecCommands.createClient("watch-7", "s3cret", "watch watch-7", "limber:watch:main-floor:watch-7");
        assertEquals("createClient", c.getString("command"));
        assertEquals("watch-7", c.getString("username"));
        assertEquals("s3cret", c.getString("password"));
        assertTrue(c.getString("textname").startsWith(DynsecCommands.MARK));
        assertEquals(new JsonArray().add(new JsonObject().put("rolename", "limber:watch:main-floor:watch-7").put("priority", 0)),
                c.getJsonArray("roles"));
        JsonObject move = DynsecCommands.modifyClient("watch-7", null, "limber:watch:studio-b:watch-7");
        assertEquals("modifyClient", move.getString("command"));
        assertNull(move.getString("password"), "a move keeps the password");
        assertEquals("limber:watch:studio-b:watch-7", move.getJsonArray("roles").getJsonObject(0).getString("rolename"));
        assertEquals(new JsonObject().put("command", "deleteClient").put("username", "watch-7"),
                DynsecCommands.deleteClient("watch-7"));
    }

    @Test
    void roleAndListCommands() {
        JsonObject role = DynsecCommands.createRole("limber:watch:main-floor:watch-7", AccessRules.of(WATCH));
        assertEquals("createRole", role.getString("command"));
        assertEquals("limber:watch:main-floor:watch-7", role.getString("rolename"));
        assertEquals(DynsecCommands.acls(AccessRules.of(WATCH)), role.getJsonArray("acls"));
        JsonObject engine = DynsecCommands.createEngineRole();
        assertEquals(DynsecCommands.ENGINE_ROLE, engine.getString("rolename"));
        assertTrue(engine.getJsonArray("acls").contains(acl("publishClientSend", "limber/v1/#", true, 0)));
        assertFalse(engine.getJsonArray("acls").stream().anyMatch(a -> !((JsonObject) a).getBoolean("allow")),
                "no catch-all denial: the admin role must still deliver the plugin's answers");
        JsonObject list = DynsecCommands.listClients();
        assertEquals(new JsonObject().put("command", "listClients").put("verbose", true).put("count", -1).put("offset", 0), list);
        assertEquals(new JsonObject().put("command", "addClientRole").put("username", "e").put("rolename", "r").put("priority", 0),
                DynsecCommands.addClientRole("e", "r"));
    }

    @Test
    void aBatchWrapsCommands() {
        JsonObject batch = DynsecCommands.batch(List.of(DynsecCommands.getClient("e").put("correlationData", "limber-1")));
        assertEquals("{\"commands\":[{\"command\":\"getClient\",\"username\":\"e\",\"correlationData\":\"limber-1\"}]}",
                batch.encode());
        assertEquals("$CONTROL/dynamic-security/v1/response", DynsecCommands.RESPONSE_TOPIC);
    }

    private static JsonObject acl(String type, String topic, boolean allow, int priority) {
        return new JsonObject().put("acltype", type).put("topic", topic).put("priority", priority).put("allow", allow);
    }
}
