package dev.ponte.support;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A RabbitMQ node of this test alone, on free loopback ports, with its own store under {@code target/}: a test may
 * stop and start it (the shared broker on 5672 is never restarted). Its store survives {@link #stop()}, as a real
 * broker's does across a restart. Needs the RabbitMQ server installed (as CI has it).
 */
public final class PrivateBroker implements AutoCloseable {

    private static final Path SERVER = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");
    private static final Path CTL = Path.of("/usr/lib/rabbitmq/bin/rabbitmqctl");

    private final String node;
    private final int port;
    private final int distPort;
    private final Path home;
    private Process process;
    private CachingConnectionFactory connections;

    public PrivateBroker(String name) {
        this.node = name + "-" + TestBroker.RUN.substring(TestBroker.RUN.length() - 8) + "@localhost";
        this.port = freePort();
        this.distPort = freePort();
        try {
            this.home = Files.createDirectories(Path.of("target", "private-broker", node.replace('@', '-'))
                    .toAbsolutePath());
            Files.writeString(home.resolve("enabled_plugins"), "[].");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean available() {
        return Files.isExecutable(SERVER) && Files.isExecutable(CTL);
    }

    public int port() {
        return port;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void environment(Map<String, String> env) {
        env.put("RABBITMQ_NODENAME", node);
        env.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
        env.put("RABBITMQ_NODE_PORT", String.valueOf(port));
        env.put("RABBITMQ_DIST_PORT", String.valueOf(distPort));
        // Erlang distribution on loopback too
        env.put("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}");
        env.put("RABBITMQ_CTL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}");
        env.put("RABBITMQ_MNESIA_BASE", home.resolve("mnesia").toString());
        env.put("RABBITMQ_LOG_BASE", home.resolve("log").toString());
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", home.resolve("enabled_plugins").toString());
        env.put("RABBITMQ_CONFIG_FILE", home.resolve("rabbitmq").toString());
        env.put("RABBITMQ_PID_FILE", home.resolve("pid").toString());
        env.put("HOME", home.toString());
    }

    /** Starts the node (again, with the same store) and waits until it takes AMQP connections. */
    public void start() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(SERVER.toString());
        environment(builder.environment());
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("server.out").toFile()));
        process = builder.start();
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("private RabbitMQ exited; see " + home.resolve("server.out"));
            }
            if (accepting() && ctl("await_startup") == 0) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("private RabbitMQ did not start; see " + home.resolve("server.out"));
    }

    private boolean accepting() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private int ctl(String command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(CTL.toString(), "-n", node, command);
        environment(builder.environment());
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("ctl.out").toFile()));
        Process ctl = builder.start();
        if (!ctl.waitFor(60, TimeUnit.SECONDS)) {
            ctl.destroyForcibly();
            return -1;
        }
        return ctl.exitValue();
    }

    /** Stops the node the way an operator does; its durable queues and persistent messages stay on disk. */
    public void stop() throws IOException, InterruptedException {
        if (connections != null) {
            connections.resetConnection();
        }
        if (process != null && process.isAlive()) {
            ctl("stop");
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private CachingConnectionFactory connections() {
        if (connections == null) {
            connections = new CachingConnectionFactory("127.0.0.1", port);
            connections.setUsername("guest");
            connections.setPassword("guest");
        }
        return connections;
    }

    public RabbitAdmin admin() {
        return new RabbitAdmin(connections());
    }

    public RabbitTemplate template() {
        return new RabbitTemplate(connections());
    }

    public int messageCount(String queue) {
        var info = admin().getQueueInfo(queue);
        return info == null ? -1 : info.getMessageCount();
    }

    @Override
    public void close() {
        try {
            if (connections != null) {
                connections.destroy();
            }
            stop();
        } catch (Exception e) {
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }
}
