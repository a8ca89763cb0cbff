package dev.ponte.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;

/** A real SMTP server (GreenMail) on a fixed loopback port for the run; it can be stopped and started again. */
public final class TestMailServer {

    private final int port;
    private GreenMail greenMail;

    private TestMailServer(int port) {
        this.port = port;
    }

    public static TestMailServer start() {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestMailServer server = new TestMailServer(port);
        server.up();
        Runtime.getRuntime().addShutdownHook(new Thread(server::down));
        return server;
    }

    public synchronized void up() {
        if (greenMail == null) {
            greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            greenMail.start();
        }
    }

    public synchronized void down() {
        if (greenMail != null) {
            greenMail.stop();
            greenMail = null;
        }
    }

    public int port() {
        return port;
    }

    public synchronized List<MimeMessage> received() {
        return greenMail == null ? List.of() : Arrays.asList(greenMail.getReceivedMessages());
    }
}
