package limber.broker;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import limber.security.AccessRules;
import limber.security.Credential;
import limber.security.PasswordHash;

/**
 * Logins and topic rules for the embedded broker, from config/devices.yaml plus the engine's own
 * login (a random password made at start-up, never written anywhere). Unknown users, wrong
 * passwords and anonymous clients are refused; refusals are counted for the logs.
 */
public final class BrokerSecurity implements IAuthenticator, IAuthorizatorPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerSecurity.class);

    private final Map<String, Credential> logins = new HashMap<>();
    private final Map<String, AccessRules> rules = new HashMap<>();
    private final AtomicLong refused = new AtomicLong();

    public BrokerSecurity(List<Credential> devices, Credential engine) {
        for (Credential c : devices) {
            logins.put(c.name(), c);
            rules.put(c.name(), AccessRules.of(c));
        }
        logins.put(engine.name(), engine);
        rules.put(engine.name(), AccessRules.of(engine));
    }

    @Override
    public boolean checkValid(String clientId, String username, byte[] password) {
        Credential c = username == null ? null : logins.get(username);
        boolean ok = c != null && password != null
                && PasswordHash.matches(new String(password, StandardCharsets.UTF_8), c.hash());
        if (!ok && refused.incrementAndGet() % 100 == 1) {
            LOG.warn("refused MQTT login '{}' (client {}); {} refused so far", username, clientId, refused.get());
        }
        return ok;
    }

    @Override
    public boolean canWrite(Topic topic, String user, String client) {
        AccessRules r = user == null ? null : rules.get(user);
        return r != null && r.mayWrite(topic.toString());
    }

    @Override
    public boolean canRead(Topic topic, String user, String client) {
        AccessRules r = user == null ? null : rules.get(user);
        return r != null && r.mayRead(topic.toString());
    }
}
