package limber.protocol;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;

/**
 * docs/asyncapi.yaml as the test needs it: channels with address regexes and payload schema
 * names, and one draft-7 validator per components/schemas entry. Local refs
 * {@code #/components/schemas/X} are rewritten to {@code #/definitions/X}, and every validator's
 * schema document carries all component schemas under {@code definitions}.
 */
final class AsyncApiContract {
    private static final String SCHEMA_REF = "#/components/schemas/";

    record Channel(String name, String address, Pattern topic, List<String> schemas, JsonNode access) {
        /** The role's scope for read or write: all, ownZone, ownDevice, or none if not listed. */
        String access(String mode, String role) {
            JsonNode n = access == null ? null : access.path(mode).get(role);
            return n == null ? "none" : n.asText();
        }

        @Override
        public String toString() {
            return name + " (" + address + ")";
        }
    }

    private final JsonNode doc;
    private final List<Channel> channels = new ArrayList<>();
    private final Map<String, Validator> validators = new LinkedHashMap<>();

    private AsyncApiContract(JsonNode doc) {
        this.doc = doc;
    }

    static AsyncApiContract load(Path file) throws Exception {
        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        AsyncApiContract c = new AsyncApiContract(doc);
        JsonNode schemas = doc.path("components").path("schemas");
        assertTrue(schemas.isObject() && schemas.size() > 0, "components/schemas is missing");
        ObjectNode definitions = (ObjectNode) rewriteRefs(schemas.deepCopy());
        for (Iterator<String> it = schemas.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            ObjectNode root = (ObjectNode) definitions.get(name).deepCopy();
            root.set("definitions", definitions);
            JsonSchemaOptions options = new JsonSchemaOptions().setDraft(Draft.DRAFT7)
                    .setBaseUri("https://limber.invalid/asyncapi/" + name).setOutputFormat(OutputFormat.Basic);
            c.validators.put(name, Validator.create(JsonSchema.of(new JsonObject(new ObjectMapper().writeValueAsString(root))), options));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("channels").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            c.channels.add(c.channel(e.getKey(), e.getValue()));
        }
        assertFalse(c.channels.isEmpty(), "no channels in " + file);
        return c;
    }

    private Channel channel(String name, JsonNode ch) {
        String address = ch.path("address").asText();
        StringBuilder regex = new StringBuilder("^");
        Matcher m = Pattern.compile("\\{([^}]+)}").matcher(address);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(address.substring(last, m.start())));
            JsonNode param = resolve(ch.path("parameters").path(m.group(1)));
            String pattern = param.path("x-pattern").asText("[^/+#]+");
            regex.append('(').append(pattern.replaceAll("^\\^", "").replaceAll("\\$$", "")).append(')');
            last = m.end();
        }
        regex.append(Pattern.quote(address.substring(last))).append('$');
        List<String> schemas = new ArrayList<>();
        for (JsonNode msg : ch.path("messages")) {
            String ref = resolve(msg).path("payload").path("$ref").asText();
            assertTrue(ref.startsWith(SCHEMA_REF), name + ": message payload must be a components/schemas $ref");
            String schema = ref.substring(SCHEMA_REF.length());
            assertTrue(validators.containsKey(schema), name + ": no components/schemas/" + schema);
            schemas.add(schema);
        }
        assertFalse(schemas.isEmpty(), name + " declares no message");
        return new Channel(name, address, Pattern.compile(regex.toString()), schemas, ch.get("x-limber-access"));
    }

    /** Follows one local $ref ({@code #/a/b}). */
    private JsonNode resolve(JsonNode n) {
        JsonNode ref = n.get("$ref");
        return ref == null ? n : doc.at(ref.asText().substring(1));
    }

    private static JsonNode rewriteRefs(JsonNode n) {
        if (n instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("$ref") && e.getValue().isTextual()) {
                    String ref = e.getValue().asText();
                    assertTrue(ref.startsWith(SCHEMA_REF), "schema $ref outside components/schemas: " + ref);
                    e.setValue(TextNode.valueOf("#/definitions/" + ref.substring(SCHEMA_REF.length())));
                } else {
                    rewriteRefs(e.getValue());
                }
            }
        } else if (n != null && n.isArray()) {
            n.forEach(AsyncApiContract::rewriteRefs);
        }
        return n;
    }

    List<Channel> channels() {
        return channels;
    }

    List<Channel> channelsFor(String topic) {
        return channels.stream().filter(c -> c.topic().matcher(topic).matches()).toList();
    }

    Validator validator(String schema) {
        Validator v = validators.get(schema);
        assertTrue(v != null, "no components/schemas/" + schema);
        return v;
    }

    /** Channels of the operations whose action is send (the engine publishes there). */
    List<String> sendChannels() {
        List<String> out = new ArrayList<>();
        for (JsonNode op : doc.path("operations")) {
            if (op.path("action").asText().equals("send")) {
                String ref = op.path("channel").path("$ref").asText();
                out.add(ref.substring(ref.lastIndexOf('/') + 1));
            }
        }
        return out;
    }

    List<String> enumOf(String schema, String property) {
        List<String> out = new ArrayList<>();
        doc.path("components").path("schemas").path(schema).path("properties").path(property).path("enum")
                .forEach(v -> out.add(v.asText()));
        assertFalse(out.isEmpty(), schema + "." + property + " has no enum");
        return out;
    }

    /** The validation errors in one line. */
    static String describe(OutputUnit r) {
        List<OutputUnit> errors = r.getErrors() == null ? List.of() : r.getErrors();
        if (errors.isEmpty()) {
            return r.getError() + " at " + r.getInstanceLocation();
        }
        return errors.stream().map(e -> e.getInstanceLocation() + ": " + e.getError() + " (" + e.getKeywordLocation() + ")")
                .collect(Collectors.joining("; "));
    }
}
