package dev.ponte.local;

import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.SystemLauncherListener;
import org.apache.qpid.server.model.Broker;
import org.apache.qpid.server.model.ConfiguredObject;
import org.apache.qpid.server.model.Port;
import org.apache.qpid.server.model.State;
import org.apache.qpid.server.model.SystemConfig;
import org.apache.qpid.server.model.VirtualHost;
import org.apache.qpid.server.model.VirtualHostNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Apache Qpid Broker-J in this process: an AMQP 0-9-1 broker on a loopback port, which Spring AMQP, Camel's
 * spring-rabbitmq and any RabbitMQ client talk to as they talk to RabbitMQ. Its virtual host keeps exchanges,
 * queues, bindings and persistent messages in a Derby database under {@code brokerDir}, so events survive a restart.
 * One user, the one {@code spring.rabbitmq.*} logs in with. The broker's configuration is
 * {@code local/embedded-broker.json}; what Ponte declares the RabbitMQ way is translated by {@link RabbitDialect}.
 */
public final class EmbeddedBroker implements AutoCloseable {

    static final String INITIAL_CONFIG = "/local/embedded-broker.json";
    static final String SYSTEM_PROPERTIES = "/local/embedded-broker.properties";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);

    private final Path dir;
    private final int port;
    private final String username;
    private final String password;
    private final RabbitDialect dialect;
    private SystemLauncher launcher;

    public EmbeddedBroker(Path dir, int port, String username, String password, String eventsExchange,
                          String unroutedExchange) {
        this.dir = dir.toAbsolutePath().normalize();
        this.port = port;
        this.username = username;
        this.password = password;
        this.dialect = new RabbitDialect(eventsExchange, unroutedExchange);
    }

    /**
     * The newest Java feature release Broker-J 9.2 runs on. It calls {@code Subject.getSubject}, which JDK 23 and
     * later refuse now that the Security Manager is gone; Broker-J 10, which no longer does, is not served whole by
     * the package registry here (its store plugins are missing), so local mode's broker stays on JDK 17 to 22.
     */
    static final int NEWEST_SUPPORTED_JAVA = 22;

    /** Why the embedded broker cannot run on this JVM, or empty when it can. */
    static java.util.Optional<String> unsupportedJava(int feature) {
        if (feature <= NEWEST_SUPPORTED_JAVA) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("local mode's embedded AMQP broker (Apache Qpid Broker-J 9.2) needs Java 17 to "
                + NEWEST_SUPPORTED_JAVA + ", and this is Java " + feature + ": run ./mvnw with JAVA_HOME set to a JDK 17 "
                + "(for example JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 ./mvnw spring-boot:run), or use a "
                + "RabbitMQ (./mvnw spring-boot:run -Dspring-boot.run.profiles=default, or RABBITMQ_HOST/RABBITMQ_PORT)");
    }

    /** Starts the broker and returns once its virtual host takes connections. */
    public synchronized void start() {
        if (launcher != null) {
            return;
        }
        unsupportedJava(Runtime.version().feature()).ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        long started = System.nanoTime();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the embedded broker's folder " + dir, e);
        }
        // Derby writes derby.log into its home folder, the working directory unless set
        if (System.getProperty("derby.system.home") == null) {
            System.setProperty("derby.system.home", dir.toString());
        }
        Map<String, String> context = new HashMap<>();
        context.put("qpid.work_dir", dir.toString());
        context.put("ponte.embedded.amqp-port", String.valueOf(port));
        context.put("ponte.embedded.store", dir.resolve("store").toString());
        context.put("ponte.embedded.username", username);
        context.put("ponte.embedded.password", password);
        // user preferences are a management-UI feature: nothing to keep
        context.put("qpid.broker.defaultPreferenceStoreAttributes", "{\"type\": \"Noop\"}");

        Map<String, Object> attributes = new HashMap<>();
        // the broker's own configuration is read from the resource on every start; the virtual host's lives in Derby
        attributes.put(ConfiguredObject.TYPE, "Memory");
        attributes.put(SystemConfig.INITIAL_CONFIGURATION_LOCATION, resource(INITIAL_CONFIG));
        attributes.put(SystemConfig.INITIAL_SYSTEM_PROPERTIES_LOCATION, resource(SYSTEM_PROPERTIES));
        attributes.put(SystemConfig.STARTUP_LOGGED_TO_SYSTEM_OUT, false);
        attributes.put(ConfiguredObject.CONTEXT, context);

        StartupOutcome outcome = new StartupOutcome();
        SystemLauncher starting = new SystemLauncher(outcome);
        try {
            starting.startup(attributes);
        } catch (Exception e) {
            throw new IllegalStateException("embedded broker did not start", e);
        }
        if (outcome.error != null || outcome.systemConfig == null) {
            throw new IllegalStateException("embedded broker did not start on 127.0.0.1:" + port
                    + (outcome.error == null ? "" : ": " + outcome.error.getMessage()), outcome.error);
        }
        launcher = starting;
        try {
            Broker<?> qpid = outcome.systemConfig.getContainer(Broker.class);
            leaveShutdownToSpring(qpid);
            for (Port<?> amqp : qpid.getPorts()) {
                if (amqp.getState() != State.ACTIVE) {
                    throw new IllegalStateException("embedded broker cannot listen on 127.0.0.1:" + port
                            + ": is another program (another Ponte in local mode?) using it? "
                            + "Set ponte.embedded.amqp-port to a free port.");
                }
            }
            dialect.attach(awaitVirtualHost(outcome.systemConfig));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        log.info("Embedded AMQP broker (Apache Qpid Broker-J) on amqp://127.0.0.1:{}, store {}, started in {} ms",
                port, dir, Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    private VirtualHost<?> awaitVirtualHost(SystemConfig<?> systemConfig) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            Broker<?> broker = systemConfig.getContainer(Broker.class);
            VirtualHostNode<?> node = broker == null ? null : broker.findDefautVirtualHostNode();
            VirtualHost<?> host = node == null ? null : node.getVirtualHost();
            if (host != null && host.getState() == State.ACTIVE) {
                return host;
            }
            if (node != null && node.getState() == State.ERRORED) {
                throw new IllegalStateException("embedded broker: its store in " + dir + " could not be opened");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("embedded broker: virtual host not active after " + START_TIMEOUT);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the embedded broker started", e);
            }
        }
    }

    /**
     * Qpid adds a JVM shutdown hook of its own that closes the broker at once, concurrently with Spring's: on Ctrl-C
     * the broker would be gone while Ponte's consumers and spool still drain. Removed, so that Spring stops the broker
     * ({@link #close()}) after the last connection. Should a Qpid version name the hook differently, it stays.
     */
    private static void leaveShutdownToSpring(Broker<?> broker) {
        for (Class<?> type = broker.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field hook = type.getDeclaredField("_shutdownHook");
                hook.setAccessible(true);
                Runtime.getRuntime().removeShutdownHook((Thread) hook.get(broker));
                return;
            } catch (NoSuchFieldException e) {
                // look in the superclass
            } catch (ReflectiveOperationException | RuntimeException e) {
                log.debug("embedded broker keeps Qpid's own shutdown hook ({})", e.toString());
                return;
            }
        }
    }

    /** Stops the broker; persistent messages stay in its store for the next start. */
    @Override
    public synchronized void close() {
        if (launcher != null) {
            SystemLauncher stopping = launcher;
            launcher = null;
            stopping.shutdown();
            log.info("Embedded AMQP broker stopped");
        }
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    /** A URL that also resolves inside the executable jar (Qpid's own {@code classpath:} URLs do not). */
    private static String resource(String name) {
        URL url = EmbeddedBroker.class.getResource(name);
        if (url == null) {
            throw new IllegalStateException("missing resource " + name);
        }
        return url.toExternalForm();
    }

    /** Qpid reports a failed start to its listener instead of throwing it. */
    private static final class StartupOutcome extends SystemLauncherListener.DefaultSystemLauncherListener {
        private volatile RuntimeException error;
        private volatile SystemConfig<?> systemConfig;

        @Override
        public void onContainerResolve(SystemConfig<?> config) {
            systemConfig = config;
        }

        @Override
        public void errorOnStartup(RuntimeException e) {
            error = e;
        }
    }
}
