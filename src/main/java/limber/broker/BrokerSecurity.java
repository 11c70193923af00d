package limber.broker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;

import limber.security.AccessRules;
import limber.security.Credential;
import limber.security.LoginVerifier;
import limber.security.LoginVerifier.Outcome;

/**
 * Logins and topic rules for the embedded broker, from config/devices.yaml plus the engine's own
 * login (a random password made at start-up, never written anywhere). Unknown users, wrong
 * passwords and anonymous clients are refused.
 *
 * <p>{@link BrokerGuard} checks every CONNECT first (off the network threads, see
 * {@link LoginGate}) and passes on only admitted ones, so Moquette's own call of
 * {@link #checkValid} on its network thread is a cache lookup: it never runs PBKDF2 and refuses
 * what the cache cannot confirm. Refusals are counted and logged by the guard.
 */
public final class BrokerSecurity implements IAuthenticator, IAuthorizatorPolicy {
    private static final AccessRules NOTHING = new AccessRules(List.of(), List.of());

    private final Map<String, AccessRules> rules = new HashMap<>();
    private final LoginVerifier verifier;

    public BrokerSecurity(List<Credential> devices, Credential engine) {
        for (Credential c : devices) {
            rules.put(c.name(), AccessRules.of(c));
        }
        rules.put(engine.name(), AccessRules.of(engine));
        List<Credential> all = new ArrayList<>(devices);
        all.add(engine);
        verifier = new LoginVerifier(all);
    }

    /** The login cache; {@link LoginVerifier#invalidate} it when a credential changes. */
    public LoginVerifier verifier() {
        return verifier;
    }

    AccessRules rules(String user) {
        return user == null ? NOTHING : rules.getOrDefault(user, NOTHING);
    }

    @Override
    public boolean checkValid(String clientId, String username, byte[] password) {
        Outcome o = verifier.quick(username, password);
        return o != null && o.accepted();
    }

    @Override
    public boolean canWrite(Topic topic, String user, String client) {
        return rules(user).mayWrite(topic.toString());
    }

    @Override
    public boolean canRead(Topic topic, String user, String client) {
        return rules(user).mayRead(topic.toString());
    }
}
