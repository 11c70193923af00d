package limber.dynsec;

import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import limber.security.AccessRules;
import limber.security.Credential;

/**
 * The JSON commands of Mosquitto's Dynamic Security plugin (2.0), as published to
 * {@code $CONTROL/dynamic-security/v1}. Dynsec ACLs have no {@code %c}/{@code %u} substitution and a
 * device's rules name its own id, so every login gets a role of its own, named after its role, zone
 * and id: a move is a new role. Everything the engine creates carries {@link #MARK} in its textname,
 * so a restart can tell its own clients and roles from those an operator made by hand.
 */
public final class DynsecCommands {
    public static final String TOPIC = "$CONTROL/dynamic-security/v1";
    public static final String RESPONSE_TOPIC = TOPIC + "/response";
    /** Prefix of the textname of every client and role the engine manages, and of its roles' names. */
    public static final String MARK = "limber:";
    /** The role that lets the engine's own client use every Limber topic. */
    public static final String ENGINE_ROLE = "limber-engine";

    private DynsecCommands() {
    }

    /** The role of one login: {@code limber:<role>:<zone or ->:<user>}. */
    public static String roleName(Credential c) {
        String zone = c.zone() == null || c.zone().isEmpty() ? "-" : c.zone();
        return MARK + c.role() + ":" + zone + ":" + c.name();
    }

    /**
     * The rules as dynsec ACLs: each read pattern may be subscribed to and received, each write
     * pattern published; anything else is not delivered, even on a subscription left over from an
     * older role (the plugin's default would deliver it).
     */
    public static JsonArray acls(AccessRules rules) {
        return grants(rules).add(acl("publishClientReceive", "#", false, -1));
    }

    private static JsonArray grants(AccessRules rules) {
        JsonArray acls = new JsonArray();
        for (String topic : rules.read()) {
            acls.add(acl("subscribePattern", topic, true, 0));
            acls.add(acl("publishClientReceive", topic, true, 0));
        }
        rules.write().forEach(topic -> acls.add(acl("publishClientSend", topic, true, 0)));
        return acls;
    }

    static JsonObject acl(String type, String topic, boolean allow, int priority) {
        return new JsonObject().put("acltype", type).put("topic", topic).put("priority", priority).put("allow", allow);
    }

    public static JsonObject createRole(String name, AccessRules rules) {
        return command("createRole").put("rolename", name).put("textname", MARK + " managed by the engine")
                .put("acls", acls(rules));
    }

    /** The engine's own rights, added to its admin client: no catch-all denial, so its admin role still answers. */
    public static JsonObject createEngineRole() {
        return command("createRole").put("rolename", ENGINE_ROLE).put("textname", MARK + " the engine itself")
                .put("acls", grants(AccessRules.of(new Credential(ENGINE_ROLE, "engine", null, null))));
    }

    public static JsonObject deleteRole(String name) {
        return command("deleteRole").put("rolename", name);
    }

    /** A client with one role; {@code label} goes after the mark in its textname. */
    public static JsonObject createClient(String user, String password, String label, String role) {
        return command("createClient").put("username", user).put("password", password)
                .put("textname", MARK + " " + label).put("roles", roles(role));
    }

    /** Replaces a client's password and roles (the plugin disconnects it). */
    public static JsonObject modifyClient(String user, String password, String role) {
        JsonObject c = command("modifyClient").put("username", user).put("roles", roles(role));
        return password == null ? c : c.put("password", password);
    }

    /** Deletes a client; Mosquitto 2.0 disconnects it at once and refuses it from then on. */
    public static JsonObject deleteClient(String user) {
        return command("deleteClient").put("username", user);
    }

    public static JsonObject getClient(String user) {
        return command("getClient").put("username", user);
    }

    public static JsonObject addClientRole(String user, String role) {
        return command("addClientRole").put("username", user).put("rolename", role).put("priority", 0);
    }

    public static JsonObject listClients() {
        return command("listClients").put("verbose", true).put("count", -1).put("offset", 0);
    }

    public static JsonObject listRoles() {
        return command("listRoles").put("verbose", false).put("count", -1).put("offset", 0);
    }

    /** One publish: the commands, each tagged with its correlation id. */
    public static JsonObject batch(List<JsonObject> commands) {
        return new JsonObject().put("commands", new JsonArray(List.copyOf(commands)));
    }

    private static JsonArray roles(String role) {
        return new JsonArray().add(new JsonObject().put("rolename", role).put("priority", 0));
    }

    private static JsonObject command(String name) {
        return new JsonObject().put("command", name);
    }
}
