package limber;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logging set up in code, found by Logback through the service loader: parsing an XML file cost
 * about a tenth of a second of every start. One line per event on stdout; {@code LIMBER_LOG_FORMAT=json}
 * gives one JSON object per line for a log shipper, {@code LIMBER_LOG_LEVEL} the root level (INFO).
 * A {@code -Dlogback.configurationFile} still wins.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{24} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        Encoder<ILoggingEvent> encoder = "json".equalsIgnoreCase(System.getenv("LIMBER_LOG_FORMAT")) ? json(context)
                : text(context);
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setEncoder(encoder);
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getenv("LIMBER_LOG_LEVEL"), Level.INFO));
        root.addAppender(console);
        // third-party chatter: their warnings are worth a line, their info is not
        context.getLogger("io.moquette").setLevel(Level.WARN);
        context.getLogger("io.netty").setLevel(Level.WARN);
        context.getLogger("org.eclipse.paho").setLevel(Level.WARN);
        context.getLogger("io.micrometer.core.instrument.MeterRegistry").setLevel(Level.ERROR);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static Encoder<ILoggingEvent> text(LoggerContext context) {
        PatternLayoutEncoder e = new PatternLayoutEncoder();
        e.setContext(context);
        e.setPattern(PATTERN);
        e.start();
        return e;
    }

    private static Encoder<ILoggingEvent> json(LoggerContext context) {
        JsonEncoder e = new JsonEncoder();
        e.setContext(context);
        e.setWithArguments(false);
        e.setWithMessage(false);
        e.setWithFormattedMessage(true);
        e.setWithContext(false);
        e.setWithSequenceNumber(false);
        e.setWithNanoseconds(false);
        e.start();
        return e;
    }
}
