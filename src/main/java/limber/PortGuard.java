package limber;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import limber.config.ConfigException;
import limber.config.ConfigLoader;

/**
 * Checks a listen address is free before anything binds it, so a taken port (a gym box often runs
 * Mosquitto on 1883) stops start-up with the setting to change instead of a stack trace.
 */
final class PortGuard {
    private PortGuard() {
    }

    static void requireFree(String host, int port, String field) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            String env = "LIMBER_" + field.toUpperCase().replace('.', '_');
            throw new ConfigException(ConfigLoader.ENGINE_FILE, field, port,
                    "cannot listen on " + host + ":" + port + " (" + e.getMessage() + "); another program probably uses it."
                            + " Change " + field + " in " + ConfigLoader.ENGINE_FILE + ", or pass --" + field + "=<port>"
                            + " or " + env + "=<port>");
        }
    }
}
