package limber.security;

/** A named login with its password hash; {@code role} and {@code zone} only matter for devices. */
public record Credential(String name, String role, String zone, String hash) {
}
