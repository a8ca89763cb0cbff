package dev.ponte.local;

import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * An SMTP server in this process (GreenMail) on a loopback port that keeps nothing in memory: every message it
 * receives is written to {@code mailDir} as one {@code .eml} file (the message as sent, with GreenMail's
 * {@code Return-Path} and {@code Received} headers), which any mail program opens. A message is answered
 * {@code 250} only once its file is complete on disk; a failed write is answered {@code 451}, so the sender retries.
 */
public final class EmbeddedMailServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMailServer.class);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final int port;
    private final Path mailDir;
    private final Clock clock;
    private GreenMail greenMail;

    public EmbeddedMailServer(int port, Path mailDir, Clock clock) {
        this.port = port;
        this.mailDir = mailDir.toAbsolutePath().normalize();
        this.clock = clock;
    }

    public synchronized void start() {
        if (greenMail != null) {
            return;
        }
        try {
            Files.createDirectories(mailDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the mail folder " + mailDir, e);
        }
        GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        MailFolder folder = new MailFolder();
        // every recipient of every message is delivered to the folder, which writes each message once
        server.getUserManager().setMessageDeliveryHandler((message, recipient) -> folder);
        server.start();
        greenMail = server;
        log.info("Embedded SMTP server on 127.0.0.1:{}, every mail written to {}", port, mailDir);
    }

    @Override
    public synchronized void close() {
        if (greenMail != null) {
            greenMail.stop();
            greenMail = null;
        }
    }

    public int port() {
        return port;
    }

    public Path mailDir() {
        return mailDir;
    }

    /** Writes a whole file under a temporary name, then renames it: readers never see half a mail. */
    Path write(MimeMessage message) throws IOException, MessagingException {
        String name = FILE_TIME.format(clock.instant()) + "-" + UUID.randomUUID().toString().substring(0, 8);
        Path partial = mailDir.resolve("." + name + ".eml.part");
        try (OutputStream out = Files.newOutputStream(partial)) {
            message.writeTo(out);
        }
        Path file = mailDir.resolve(name + ".eml");
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    /**
     * The one mailbox of the server. GreenMail delivers a message once per recipient (one SMTP transaction at a
     * time); the same message for its next recipient is not written again.
     */
    private final class MailFolder implements GreenMailUser {

        private MovingMessage last;

        @Override
        public synchronized void deliver(MovingMessage message) {
            if (message == last) {
                return;
            }
            try {
                Path file = write(message.getMessage());
                last = message;
                log.info("Mail received: {}", file.getFileName());
            } catch (IOException | MessagingException e) {
                throw new IllegalStateException("could not write the mail to " + mailDir, e);
            }
        }

        @Override
        public void deliver(MimeMessage message) {
            try {
                write(message);
            } catch (IOException | MessagingException e) {
                throw new IllegalStateException("could not write the mail to " + mailDir, e);
            }
        }

        @Override
        public String getEmail() {
            return "mail-folder@localhost";
        }

        @Override
        public String getLogin() {
            return "mail-folder";
        }

        @Override
        public void create() {
        }

        @Override
        public void delete() {
        }

        @Override
        public String getPassword() {
            return null;
        }

        @Override
        public void setPassword(String password) {
        }

        @Override
        public void authenticate(String password) {
        }

        @Override
        public String getQualifiedMailboxName() {
            return "mail-folder";
        }
    }
}
