package limber.config;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/** Semantic checks of {@code limber.yaml} after binding; the first problem stops start-up. */
final class ConfigValidator {
    /** Ids end up inside MQTT topics, so no wildcards, slashes or spaces. */
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Pattern URL = Pattern.compile("(tcp|ssl|ws|wss)://[^\\s/:]+:\\d{1,5}(/\\S*)?");

    private ConfigValidator() {
    }

    static void validate(String file, LimberConfig c) {
        require(file, "engine", c.engine(), c.engine() != null, "section is required");
        require(file, "engine.id", c.engine().id(), c.engine().id() != null && c.engine().id().matches("[A-Za-z0-9_-]{1,40}"),
                "use 1-40 letters, digits, '-' or '_'");
        require(file, "http", c.http(), c.http() != null, "section is required");
        require(file, "http.host", c.http().host(), notBlank(c.http().host()), "must not be empty");
        port(file, "http.port", c.http().port());
        require(file, "http.adminPasswordFile", c.http().adminPasswordFile(), notBlank(c.http().adminPasswordFile()),
                "must name a file");
        require(file, "http.commandsPerSecond", c.http().commandsPerSecond(),
                c.http().commandsPerSecond() >= 1 && c.http().commandsPerSecond() <= 1000, "must be 1..1000");
        require(file, "http.commandBurst", c.http().commandBurst(),
                c.http().commandBurst() >= 1 && c.http().commandBurst() <= 10_000, "must be 1..10000");
        LimberConfig.Broker b = c.broker();
        require(file, "broker", b, b != null, "section is required");
        require(file, "broker.mode", b.mode(), "embedded".equals(b.mode()) || "external".equals(b.mode()),
                "must be 'embedded' or 'external'");
        if (b.embedded()) {
            require(file, "broker.host", b.host(), notBlank(b.host()), "must not be empty");
            port(file, "broker.port", b.port());
            port(file, "broker.websocketPort", b.websocketPort());
            require(file, "broker.websocketPort", b.websocketPort(), b.websocketPort() != b.port(),
                    "must differ from broker.port");
            require(file, "broker.websocketPath", b.websocketPath(),
                    b.websocketPath() != null && b.websocketPath().startsWith("/"), "must start with '/'");
        } else {
            require(file, "broker.url", b.url(), b.url() != null && URL.matcher(b.url()).matches(),
                    "expected tcp://host:port (or ssl://, ws://, wss://)");
        }
        require(file, "broker.dynamicSecurity", b.dynamicSecurity(), !b.dynamicSecurity() || !b.embedded()
                && notBlank(b.username()) && notBlank(b.password()),
                "needs broker.mode 'external' and broker.username/password of an admin client of the plugin");
        require(file, "broker.pagesUrl", b.pagesUrl(), b.pagesUrl() != null && (b.pagesUrl().isEmpty()
                || b.pagesUrl().matches("wss?://\\S+")), "must be empty or a ws:// or wss:// URL");
        LimberConfig.SessionSettings s = c.session();
        require(file, "session", s, s != null, "section is required");
        require(file, "session.leadMs", s.leadMs(), s.leadMs() >= 0 && s.leadMs() <= 5000, "must be 0..5000");
        require(file, "session.extendSeconds", s.extendSeconds(), s.extendSeconds() >= 5 && s.extendSeconds() <= 60,
                "must be 5..60");
        LimberConfig.Store st = c.store();
        require(file, "store", st, st != null, "section is required");
        require(file, "store.kind", st.kind(), "sqlite".equals(st.kind()) || "postgresql".equals(st.kind()),
                "must be 'sqlite' or 'postgresql'");
        if (st.postgres()) {
            require(file, "store.url", st.url(), st.url() != null && st.url().startsWith("jdbc:postgresql://"),
                    "expected jdbc:postgresql://host:port/database");
        } else {
            require(file, "store.path", st.path(), notBlank(st.path()), "must name the journal file");
        }
        require(file, "store.resumeGraceSeconds", st.resumeGraceSeconds(),
                st.resumeGraceSeconds() >= 0 && st.resumeGraceSeconds() <= 86_400, "must be 0..86400");
        require(file, "store.retentionDays", st.retentionDays(), st.retentionDays() >= 1 && st.retentionDays() <= 3650,
                "must be 1..3650");
        LimberConfig.Limits l = c.limits();
        require(file, "limits", l, l != null, "section is required");
        require(file, "limits.maxEventBytes", l.maxEventBytes(), l.maxEventBytes() >= 128 && l.maxEventBytes() <= 65536,
                "must be 128..65536");
        require(file, "limits.dedupeEventIds", l.dedupeEventIds(),
                l.dedupeEventIds() >= 100 && l.dedupeEventIds() <= 1_000_000, "must be 100..1000000");
        require(file, "limits.deviceMessagesPerSecond", l.deviceMessagesPerSecond(),
                l.deviceMessagesPerSecond() >= 1 && l.deviceMessagesPerSecond() <= 10_000, "must be 1..10000");
        require(file, "limits.deviceMessageBurst", l.deviceMessageBurst(),
                l.deviceMessageBurst() >= l.deviceMessagesPerSecond() && l.deviceMessageBurst() <= 100_000,
                "must be at least deviceMessagesPerSecond and at most 100000");
        require(file, "limits.devicePingsPerSecond", l.devicePingsPerSecond(),
                l.devicePingsPerSecond() >= 1 && l.devicePingsPerSecond() <= 1_000, "must be 1..1000");
        require(file, "limits.devicePingBurst", l.devicePingBurst(),
                l.devicePingBurst() >= l.devicePingsPerSecond() && l.devicePingBurst() <= 10_000,
                "must be at least devicePingsPerSecond and at most 10000");
        require(file, "limits.maxLatenessMs", l.maxLatenessMs(), l.maxLatenessMs() >= 1 && l.maxLatenessMs() <= 10_000,
                "must be 1..10000");
        cluster(file, c);
        TlsValidator.validate(file, c);
        require(file, "zones", c.zones(), c.zones() != null && !c.zones().isEmpty(), "list at least one zone");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < c.zones().size(); i++) {
            LimberConfig.Zone z = c.zones().get(i);
            String field = "zones[" + i + "].id";
            require(file, field, z.id(), z.id() != null && ID.matcher(z.id()).matches(),
                    "use 1-32 lowercase letters, digits or '-'");
            require(file, field, z.id(), seen.add(z.id()), "duplicate zone id");
            require(file, "zones[" + i + "].name", z.name(), notBlank(z.name()), "must not be empty");
        }
    }

    private static void cluster(String file, LimberConfig c) {
        LimberConfig.Cluster k = c.cluster();
        require(file, "cluster", k, k != null, "section is required");
        if (!k.enabled()) {
            return;
        }
        require(file, "cluster.enabled", true, c.store().postgres(),
                "clustered instances share one journal: set store.kind to 'postgresql'");
        require(file, "cluster.enabled", true, !c.broker().embedded(),
                "clustered instances share one broker: set broker.mode to 'external'");
        require(file, "cluster.name", k.name(), k.name() != null && k.name().matches("[A-Za-z0-9_-]{1,40}"),
                "use 1-40 letters, digits, '-' or '_'");
        require(file, "cluster.host", k.host(), notBlank(k.host()), "must not be empty");
        port(file, "cluster.port", k.port());
        require(file, "cluster.eventBusPort", k.eventBusPort(), k.eventBusPort() >= 0 && k.eventBusPort() <= 65535
                && k.eventBusPort() != k.port(), "must be 0 (any free port) or a port number other than cluster.port");
        require(file, "cluster.members", k.members(), !k.memberList().isEmpty(),
                "list the instances as host:port,host:port");
        for (String m : k.memberList()) {
            require(file, "cluster.members", m, m.matches("[^\\s:,]+:\\d{1,5}"), "each member must be host:port");
        }
        require(file, "cluster.renewMs", k.renewMs(), k.renewMs() >= 100 && k.renewMs() <= 10_000, "must be 100..10000");
        require(file, "cluster.leaseMs", k.leaseMs(), k.leaseMs() >= 2 * k.renewMs() && k.leaseMs() <= 60_000,
                "must be at least twice cluster.renewMs and at most 60000");
    }

    private static void port(String file, String field, int port) {
        require(file, field, port, port >= 1 && port <= 65535, "must be a port number 1..65535");
    }

    static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    static void require(String file, String field, Object value, boolean ok, String reason) {
        if (!ok) {
            throw new ConfigException(file, field, value, reason);
        }
    }
}
