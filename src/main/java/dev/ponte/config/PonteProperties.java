package dev.ponte.config;

import dev.ponte.provider.ProviderSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Every {@code ponte.*} setting, with its default beside it. Environment variables work as usual
 * ({@code PONTE_PROVIDERS_CAKTO_SECRETS=s1,s2}, {@code PONTE_PUBLISH_CONFIRM_TIMEOUT=3s}).
 *
 * @param providers   per provider name: {@code secrets} (list; several at once while rotating),
 *                    {@code require-signature}, {@code time-zone}
 * @param ingress     HTTP side of the webhooks
 * @param publish     the RabbitMQ exchange and publisher confirms
 * @param idempotency how long and how many event ids are remembered
 * @param spool       the local journal that keeps webhooks while the broker cannot confirm
 * @param delivery    retries and dead letters of every destination route
 * @param alerts      the chargeback alert e-mail
 * @param forward     the HTTP forwarding destination
 * @param admin       the admin endpoints (dead-letter replay)
 * @param queues      queues for your own consumers, each {@code name} (the queue is
 *                    {@code <ponte.delivery.queue-prefix><name>}, durable, with its dead-letter queue
 *                    {@code <queue>.dlq}) and its {@code routing-keys} (patterns, one binding each); Ponte declares
 *                    them and never consumes them
 */
@ConfigurationProperties("ponte")
public record PonteProperties(
        Map<String, ProviderSettings> providers,
        @DefaultValue Ingress ingress,
        @DefaultValue Publish publish,
        @DefaultValue Idempotency idempotency,
        @DefaultValue Spool spool,
        @DefaultValue Delivery delivery,
        @DefaultValue Alerts alerts,
        @DefaultValue Forward forward,
        @DefaultValue Admin admin,
        List<ConsumerQueue> queues) {

    public PonteProperties {
        providers = providers == null ? Map.of() : Map.copyOf(providers);
        queues = queues == null ? List.of() : List.copyOf(queues);
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < queues.size(); i++) {
            ConsumerQueue queue = queues.get(i);
            String setting = "ponte.queues[" + i + "]";
            if (queue == null || queue.name() == null || queue.name().isBlank()) {
                throw new IllegalArgumentException(setting + ".name is empty: each queue for consumers needs a name");
            }
            if (queue.routingKeys().isEmpty()) {
                throw new IllegalArgumentException(setting + ".routing-keys is empty: queue '" + queue.name()
                        + "' would receive no event");
            }
            if (!names.add(queue.name())) {
                throw new IllegalArgumentException(setting + ".name '" + queue.name() + "' is listed twice in "
                        + "ponte.queues");
            }
        }
    }

    /** A queue for the user's consumers; see {@code ponte.queues}. */
    public record ConsumerQueue(String name, List<String> routingKeys) {

        public ConsumerQueue {
            name = name == null ? null : name.trim();
            routingKeys = routingKeys == null ? List.of()
                    : routingKeys.stream().filter(k -> k != null && !k.isBlank()).map(String::trim).toList();
        }

        @Override
        public String toString() {
            return name + " (" + String.join(", ", routingKeys) + ")";
        }
    }

    /**
     * @param maxBodyBytes largest webhook body accepted; larger gets 413 before it is read whole
     * @param retryAfter   the {@code Retry-After} of a 503
     * @param bodyTimeout  a webhook body must arrive whole within this time after its headers, or the request is
     *                     answered 408 and its connection closed; no thread waits for a slow body meanwhile
     */
    public record Ingress(@DefaultValue("262144") long maxBodyBytes, @DefaultValue("30s") Duration retryAfter,
                          @DefaultValue("10s") Duration bodyTimeout) {

        public Ingress {
            if (bodyTimeout.isNegative() || bodyTimeout.isZero()) {
                throw new IllegalArgumentException("ponte.ingress.body-timeout must be positive, not " + bodyTimeout);
            }
        }
    }

    /**
     * @param exchange       the topic exchange every unified event is published to
     * @param parkedQueue    durable queue bound to {@code unmapped.#}: authenticated webhooks no type fits
     * @param unroutedQueue  durable queue behind the exchange's alternate exchange: events no destination
     *                       is bound to are kept here instead of being dropped by the broker
     * @param confirmTimeout how long a webhook waits for the broker's publisher confirm
     * @param channels       long-lived confirm-mode channels the events are published on; concurrent webhooks
     *                       share them and their confirms
     */
    public record Publish(@DefaultValue("ponte.events") String exchange,
                          @DefaultValue("ponte.parked") String parkedQueue,
                          @DefaultValue("ponte.unrouted") String unroutedQueue,
                          @DefaultValue("5s") Duration confirmTimeout,
                          @DefaultValue("2") int channels) {
    }

    /**
     * @param store         {@code sqlite}: this machine's ids in a file under {@code dir}, kept across restarts;
     *                      {@code memory}: this process's ids only, forgotten on restart; {@code jdbc}: shared by
     *                      every instance, in the PostgreSQL database of {@code spring.datasource.*} (table created
     *                      by Flyway at start-up)
     * @param dir           (sqlite) folder of the id database {@code event-ids.db}; one Ponte instance per folder
     * @param retention     how long an event id is remembered as published
     * @param maxEntries    bound on remembered ids (memory and sqlite stores, both keep them in the heap in arrays
     *                      sized for this bound at start-up, about 40 bytes each): the oldest are forgotten first;
     *                      300,000 (~12 MB) leave the 256 MB heap of the documented flags room
     * @param claimTimeout  (jdbc) a claim still unconfirmed after this long belongs to an instance that died
     *                      mid-publish and may be taken over; must exceed {@code ponte.publish.confirm-timeout}
     * @param purgeInterval (sqlite, jdbc) how often ids past their retention (and, jdbc, abandoned claims) are
     *                      deleted
     * @param retryInterval while the store cannot be used (the jdbc database unreachable, the sqlite disk failing),
     *                      webhooks are published without the duplicate check (at least once, counted in
     *                      {@code ponte_idempotency_bypassed_total}) and the store is tried again after this long
     */
    public record Idempotency(@DefaultValue("sqlite") Store store,
                              @DefaultValue("./data/idempotency") String dir,
                              @DefaultValue("24h") Duration retention,
                              @DefaultValue("300000") long maxEntries,
                              @DefaultValue("30s") Duration claimTimeout,
                              @DefaultValue("10m") Duration purgeInterval,
                              @DefaultValue("5s") Duration retryInterval) {

        public enum Store { SQLITE, MEMORY, JDBC }
    }


    /**
     * @param enabled       spool events the broker cannot confirm (answer 202) instead of refusing them (503)
     * @param dir           folder of the spool database (SQLite, fsync'd on every append)
     * @param maxBytes      refuse to spool (503) once the spooled bodies reach this size
     * @param drainInterval how often the drain looks for spooled events to republish
     * @param drainBatch    events republished per round, their confirms awaited together
     */
    public record Spool(@DefaultValue("true") boolean enabled,
                        @DefaultValue("./data/spool") String dir,
                        @DefaultValue("1GB") DataSize maxBytes,
                        @DefaultValue("500ms") Duration drainInterval,
                        @DefaultValue("200") int drainBatch) {
    }

    /**
     * @param maxAttempts        tries of one delivery, the first included; then its dead-letter queue
     * @param initialDelay       wait before the second try (each wait is spent in a retry queue of the broker,
     *                           {@code <queue>.retry.<ttl>ms}, never in a thread)
     * @param multiplier         each further wait is this many times the previous one
     * @param maxDelay           cap of one wait (a {@code Retry-After} of the destination is honoured up to it)
     * @param jitter             random spread of each wait, as a fraction (0.15 = ±15 %)
     * @param queueType          {@code classic} or {@code quorum}: the type of every queue Ponte declares for
     *                           destinations and their dead letters
     * @param deadLetterExchange direct exchange behind every destination queue and queue for consumers: each
     *                           dead-letter queue is bound to it with its queue's name (a route file's
     *                           {@code deadLetterQueue} and {@code deadLetterRoutingKey})
     * @param queuePrefix        prefix of the destination queue names in the route files and of the queues of
     *                           {@code ponte.queues}
     * @param circuitBreaker     per destination route: when to stop trying a destination that is down
     */
    public record Delivery(@DefaultValue("5") int maxAttempts,
                           @DefaultValue("15s") Duration initialDelay,
                           @DefaultValue("3.0") double multiplier,
                           @DefaultValue("10m") Duration maxDelay,
                           @DefaultValue("0.15") double jitter,
                           @DefaultValue("classic") String queueType,
                           @DefaultValue("ponte.dlx") String deadLetterExchange,
                           @DefaultValue("ponte.") String queuePrefix,
                           @DefaultValue CircuitBreaker circuitBreaker) {

        public Delivery {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("ponte.delivery.max-attempts must be at least 1");
            }
            if (initialDelay.isNegative() || initialDelay.isZero() || maxDelay.compareTo(initialDelay) < 0) {
                throw new IllegalArgumentException("ponte.delivery.initial-delay must be positive and at most "
                        + "ponte.delivery.max-delay");
            }
            if (multiplier < 1.0) {
                throw new IllegalArgumentException("ponte.delivery.multiplier must be at least 1");
            }
            if (jitter < 0.0 || jitter >= 1.0) {
                throw new IllegalArgumentException("ponte.delivery.jitter must be in [0, 1)");
            }
            if (circuitBreaker == null) {
                circuitBreaker = new CircuitBreaker(5, Duration.ofSeconds(30), 1);
            }
            if (!queueType.equals("classic") && !queueType.equals("quorum")) {
                throw new IllegalArgumentException("ponte.delivery.queue-type must be classic or quorum, not "
                        + queueType);
            }
        }
    }

    /**
     * @param failureThreshold consecutive failed tries of one destination route (errors retrying could fix) that
     *                         open its circuit: the route then stops taking events, which wait in its queue
     * @param openDuration     how long an open circuit waits before a probe: the next event is tried once; a
     *                         success closes the circuit, a failure opens it again
     * @param probes           tries let through while probing
     */
    public record CircuitBreaker(@DefaultValue("5") int failureThreshold,
                                 @DefaultValue("30s") Duration openDuration,
                                 @DefaultValue("1") int probes) {

        public CircuitBreaker {
            if (failureThreshold < 1 || probes < 1) {
                throw new IllegalArgumentException("ponte.delivery.circuit-breaker.failure-threshold and probes "
                        + "must be at least 1");
            }
            if (openDuration.isNegative() || openDuration.isZero()) {
                throw new IllegalArgumentException("ponte.delivery.circuit-breaker.open-duration must be positive");
            }
        }
    }

    /**
     * @param mail       the SMTP server and sender of alert e-mails
     * @param chargeback who receives the chargeback alert and which templates render it
     */
    public record Alerts(@DefaultValue Mail mail, @DefaultValue Chargeback chargeback) {
    }

    /**
     * @param starttls       require STARTTLS before authenticating
     * @param allowPlainAuth let a username and password go to the SMTP server without STARTTLS (in clear text);
     *                       off, such a configuration stops start-up
     */
    public record Mail(@DefaultValue("localhost") String host, @DefaultValue("25") int port, String username,
                       String password, @DefaultValue("false") boolean starttls,
                       @DefaultValue("ponte@localhost") String from,
                       @DefaultValue("false") boolean allowPlainAuth) {

        public Mail {
            if (username != null && !username.isBlank() && !starttls && !allowPlainAuth) {
                throw new IllegalArgumentException("ponte.alerts.mail.username is set but ponte.alerts.mail.starttls "
                        + "is false: the SMTP password would cross the network in clear text. Set "
                        + "ponte.alerts.mail.starttls=true, or ponte.alerts.mail.allow-plain-auth=true for a server "
                        + "on a trusted network or one reached over implicit TLS (smtps)");
            }
        }

        @Override
        public String toString() {
            return "Mail[host=" + host + ", port=" + port + ", username=" + username + ", starttls=" + starttls
                    + ", from=" + from + ", allowPlainAuth=" + allowPlainAuth + "]";
        }
    }

    /**
     * @param to          recipients (a list)
     * @param templates   folder of {@code chargeback-alert.subject.mustache}, {@code .txt.mustache} and
     *                    {@code .html.mustache}
     * @param orderLinks  per provider, the URL of an order in the provider's panel, with {@code {order_id}}
     */
    public record Chargeback(List<String> to, @DefaultValue("routes/templates") String templates,
                             Map<String, String> orderLinks) {

        public Chargeback {
            to = to == null ? List.of() : List.copyOf(to);
            orderLinks = orderLinks == null ? Map.of() : Map.copyOf(orderLinks);
        }
    }

    /**
     * @param url          where events are POSTed; the route stays stopped while it is empty
     * @param pattern      routing-key pattern(s) of the forwarded events, comma-separated
     * @param secret       Standard Webhooks signing secret, {@code whsec_<base64>}
     * @param timeout      connect and response timeout of one try
     * @param allowPrivate let every HTTP destination connect to loopback, private, link-local and other
     *                     non-public addresses (off: protects against SSRF)
     */
    public record Forward(String url, @DefaultValue("#") String pattern, String secret,
                          @DefaultValue("10s") Duration timeout, @DefaultValue("false") boolean allowPrivate) {

        @Override
        public String toString() {
            return "Forward[url=" + url + ", pattern=" + pattern + ", secret=" + (secret == null ? "unset" : "set")
                    + ", timeout=" + timeout + ", allowPrivate=" + allowPrivate + "]";
        }
    }

    /**
     * @param token bearer token of the admin endpoints and of health details on the management port, at least 32
     *              characters; unset disables the admin endpoints
     */
    public record Admin(String token) {

        /** Long enough that guessing it over the network is hopeless (32 random characters: 190 bits or more). */
        public static final int MIN_TOKEN_LENGTH = 32;

        public Admin {
            if (token != null && !token.isBlank() && token.trim().length() < MIN_TOKEN_LENGTH) {
                throw new IllegalArgumentException("ponte.admin.token is too short: at least " + MIN_TOKEN_LENGTH
                        + " characters (for example the output of `openssl rand -hex 24`), or unset to disable the "
                        + "admin endpoints");
            }
        }

        @Override
        public String toString() {
            return "Admin[token=" + (token == null || token.isBlank() ? "unset" : "set") + "]";
        }
    }
}
