package limber.config;

import java.util.Arrays;
import java.util.List;

/** Typed view of {@code limber.yaml}. Validation lives in {@link ConfigValidator}; no defaults hide here. */
public record LimberConfig(Engine engine, Http http, Broker broker, SessionSettings session, Store store,
                           Limits limits, Cluster cluster, List<Zone> zones, Tls tls) {

    public record Engine(String id) {
    }

    public record Http(String host, int port, boolean openReads, String adminPasswordFile, int commandsPerSecond,
                       int commandBurst) {
    }

    public record Broker(String mode, String host, int port, int websocketPort, String websocketPath,
                         boolean requireLogin, String url, String username, String password, String pagesUrl,
                         boolean dynamicSecurity) {
        public boolean embedded() {
            return "embedded".equals(mode);
        }

        /** Where the engine's own client connects. */
        public String clientUrl() {
            return embedded() ? "tcp://" + host + ":" + port : url;
        }
    }

    public record SessionSettings(int leadMs, int extendSeconds, boolean pauseOnPain) {
    }

    public record Store(String kind, String path, String url, String username, String password,
                        int resumeGraceSeconds, int retentionDays) {
        public boolean postgres() {
            return "postgresql".equals(kind);
        }

        public String jdbcUrl() {
            return postgres() ? url : "jdbc:sqlite:" + path;
        }
    }

    public record Limits(int maxEventBytes, int dedupeEventIds, int deviceMessagesPerSecond, int deviceMessageBurst,
                         int devicePingsPerSecond, int devicePingBurst, int maxLatenessMs) {
    }

    public record Zone(String id, String name) {
    }

    /**
     * Clustered mode: instances join one Vert.x cluster (Hazelcast, TCP/IP member list), share the
     * PostgreSQL journal and one external broker; each zone is owned by one instance at a time.
     */
    public record Cluster(boolean enabled, String name, String host, int port, int eventBusPort, String members,
                          int leaseMs, int renewMs) {
        /** The member list, "host:port,host:port", as entries. */
        public List<String> memberList() {
            return members == null || members.isBlank() ? List.of()
                    : Arrays.stream(members.split(",")).map(String::trim).filter(m -> !m.isEmpty()).toList();
        }
    }

    /**
     * TLS on the gym LAN: {@code off}, {@code self-signed} (the engine's own CA in the data folder) or
     * {@code files} (PEM certificate chain and key). With TLS on, {@code http.port} speaks HTTPS,
     * {@code redirectPort} answers plain HTTP with redirects only, {@code broker.websocketPort} speaks
     * WSS, {@code mqttPort} MQTTS, and {@code broker.port} (plain MQTT) admits loopback clients only.
     */
    public record Tls(String mode, String certFile, String keyFile, String names, int redirectPort, int mqttPort,
                      boolean allowPlainLan) {
        public static final String OFF = "off";
        public static final String SELF_SIGNED = "self-signed";
        public static final String FILES = "files";

        public boolean on() {
            return !OFF.equals(mode);
        }

        /** The extra names ({@code tls.names}, comma-separated) the certificate must cover. */
        public List<String> nameList() {
            return names == null || names.isBlank() ? List.of()
                    : Arrays.stream(names.split(",")).map(String::trim).filter(n -> !n.isEmpty()).toList();
        }
    }

    public Zone zone(String id) {
        for (Zone z : zones) {
            if (z.id().equals(id)) {
                return z;
            }
        }
        return null;
    }
}
