package limber.fleet;

import io.vertx.core.Future;

import limber.security.Credential;

/**
 * Hears the floor's logins change, for a broker that keeps its own copy of them (Mosquitto's
 * Dynamic Security plugin). {@link #created} is the only moment the plaintext secret is known. The
 * books call it on the engine's event loop; an implementation must not block and must never fail
 * the change it is told about (a broker that is away is its own problem to catch up on).
 */
public interface CredentialSink {
    /** Does nothing: the embedded broker reads the live logins itself. */
    CredentialSink NONE = new CredentialSink() {
    };

    /** A new login (paired, created, re-issued or a tablet token); completes once the broker has it, never fails. */
    default Future<Void> created(Credential login, String secret) {
        return Future.succeededFuture();
    }

    /** A login's role or zone changed (a move): its rights change and its connections are closed. */
    default void changed(Credential login) {
    }

    /** A login is gone (revoked, a trainer disabled): refused and disconnected from now on. */
    default void removed(String user) {
    }
}
