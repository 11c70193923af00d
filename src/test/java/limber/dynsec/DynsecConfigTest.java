package limber.dynsec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import limber.config.ConfigException;
import limber.config.ConfigLoader;
import limber.config.Settings;

/** broker.dynamicSecurity: off by default, only with an external broker and the plugin admin's login. */
class DynsecConfigTest {
    private static Settings load(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "--config-dir=config";
        System.arraycopy(args, 0, all, 1, args.length);
        return ConfigLoader.load(all, Map.of());
    }

    @Test
    void offByDefaultAndOnWithAnExternalBrokerAndItsAdminLogin() {
        assertFalse(load().engine().broker().dynamicSecurity());
        assertTrue(load("--broker.mode=external", "--broker.url=tcp://127.0.0.1:41883", "--broker.dynamicSecurity=true",
                "--broker.username=limber-engine", "--broker.password=pw").engine().broker().dynamicSecurity());
    }

    @Test
    void refusedOnTheEmbeddedBrokerOrWithoutALogin() {
        ConfigException embedded = assertThrows(ConfigException.class, () -> load("--broker.dynamicSecurity=true"));
        assertTrue(embedded.getMessage().contains("broker.dynamicSecurity"), embedded.getMessage());
        ConfigException anonymous = assertThrows(ConfigException.class, () -> load("--broker.mode=external",
                "--broker.url=tcp://127.0.0.1:41883", "--broker.dynamicSecurity=true"));
        assertTrue(anonymous.getMessage().contains("broker.username"), anonymous.getMessage());
    }
}
