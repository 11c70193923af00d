package limber.config;

import static limber.config.ConfigValidator.require;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import limber.security.Credential;
import limber.security.PasswordHash;

/** Logins must be unique, well-formed hashes (never a plain password), with a known role and zone. */
final class CredentialValidator {
    private static final Set<String> DEVICE_ROLES = Set.of("display", "watch", "trainer", "observer", "engine");

    private CredentialValidator() {
    }

    static void validate(String file, String list, List<Credential> creds, LimberConfig engine) {
        require(file, list, null, creds != null, "list is required (it may be empty: [])");
        Set<String> names = new HashSet<>();
        for (int i = 0; i < creds.size(); i++) {
            Credential c = creds.get(i);
            String at = list + "[" + i + "].";
            String nameField = list.equals("devices") ? "id" : "name";
            require(file, at + nameField, c.name(), c.name() != null && c.name().matches("[A-Za-z0-9._:-]{1,64}"),
                    "use 1-64 letters, digits, '.', '_', ':' or '-'");
            require(file, at + nameField, c.name(), names.add(c.name()), "listed twice");
            // tablets log in to MQTT as tablet:<trainer>, with a token from the trainer's login
            require(file, at + nameField, c.name(), !c.name().startsWith("tablet:"), "must not start with 'tablet:'");
            require(file, at + "hash", c.hash() == null ? null : "(hidden)", PasswordHash.wellFormed(c.hash()),
                    "must be a $7$ (PBKDF2-SHA512) hash from scripts/add-credential.sh, never a plain password");
            if (list.equals("devices")) {
                require(file, at + "role", c.role(), DEVICE_ROLES.contains(c.role()),
                        "must be display, watch, trainer, observer or engine");
                if ("display".equals(c.role()) || "watch".equals(c.role())) {
                    require(file, at + "zone", c.zone(), c.zone() != null && engine.zone(c.zone()) != null,
                            "must be one of the zones in limber.yaml");
                }
            }
        }
    }
}
