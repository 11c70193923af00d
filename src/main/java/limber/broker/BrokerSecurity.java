package limber.broker;

import java.util.ArrayList;
import java.util.List;

import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;

import limber.security.AccessRules;
import limber.security.Credential;
import limber.security.LoginDirectory;
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

    private final LoginDirectory directory;
    private final LoginVerifier verifier;

    /** A fixed set of logins (tests and tools). */
    public BrokerSecurity(List<Credential> devices, Credential engine) {
        this(directoryOf(devices, engine));
    }

    /** The live directory: logins added, changed or removed there apply to the next CONNECT and SUBSCRIBE. */
    public BrokerSecurity(LoginDirectory directory) {
        this.directory = directory;
        this.verifier = new LoginVerifier(directory);
    }

    private static LoginDirectory directoryOf(List<Credential> devices, Credential engine) {
        List<Credential> all = new ArrayList<>(devices);
        all.add(engine);
        return LoginDirectory.of(all);
    }

    /** The login cache; it forgets a login whenever the directory changes it. */
    public LoginVerifier verifier() {
        return verifier;
    }

    AccessRules rules(String user) {
        LoginDirectory.Login l = directory.find(user);
        return l == null ? NOTHING : AccessRules.of(l.credential());
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
