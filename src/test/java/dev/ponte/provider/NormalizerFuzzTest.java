package dev.ponte.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.support.Fixtures;
import dev.ponte.support.HostileJson;
import dev.ponte.support.ProviderTestKits;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property of every normalizer: for any JSON object, {@code normalize} returns a normalization or throws
 * {@code NormalizationException} (which parks the event), never anything else, quickly; and the event the ingress
 * would publish, mapped or parked, validates against the schema.
 * <p>
 * Two generators per provider: random trees whose keys and values come from the provider's fixtures and a pool of
 * hostile scalars (with the envelope's event name set most of the time); and fixtures mutated one to four times
 * (a node replaced, removed, moved, wrapped; a field added) or with a fifth of their leaves replaced at once, the
 * event name kept, so the deep code paths are reached. The seed is random and printed on failure: rerun with
 * {@code -Dponte.fuzz.seed=<seed>} to reproduce; {@code -Dponte.fuzz.tries=<n>} changes the tries per generator and
 * provider. Plain JUnit rather than jqwik: no new dependency, and a failing try prints the whole body.
 */
class NormalizerFuzzTest {

    // CI runs one fixed seed (a submission must not fail by chance); elsewhere every run explores a new one
    static final long SEED = Long.getLong("ponte.fuzz.seed",
            System.getenv("CI") != null ? 20261124L : new Random().nextLong());
    static final int TRIES = Integer.getInteger("ponte.fuzz.tries", 250);

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Scalars that break parsers: bad dates and years out of range, absurd numbers, odd text. */
    private static final List<JsonNode> HOSTILE_SCALARS = List.of(
            NODES.textNode(""), NODES.textNode(" "), NODES.textNode("x"), NODES.textNode("0"), NODES.textNode("-1"),
            NODES.textNode("1e999999999"), NODES.textNode("1e-999999999"), NODES.textNode("-1e-9"),
            NODES.textNode("NaN"), NODES.textNode("Infinity"), NODES.textNode("0x1F"), NODES.textNode("12,50"),
            NODES.textNode("2024-02-30T25:61:61Z"), NODES.textNode("2024-05-22"), NODES.textNode("2024-05-22 10:00"),
            NODES.textNode("9999-12-31T23:59:59-03:00"), NODES.textNode("0000-01-01T00:00:00+01:00"),
            NODES.textNode("+275760-09-13T00:00:00Z"), NODES.textNode("-000001-01-01T00:00:00Z"),
            NODES.textNode("12"), NODES.textNode("+"), NODES.textNode("+55"), NODES.textNode("(11) 9"),
            NODES.textNode("5511987654321987654321"), NODES.textNode("***.***.***-**"),
            NODES.textNode("123.456.789-09"), NODES.textNode("12.345.678/0001-95"), NODES.textNode("\u0000"),
            NODES.textNode("\uD800"), NODES.textNode("\uD83D\uDE00"), NODES.textNode("\u202Eevil"),
            NODES.textNode("a".repeat(5000)), NODES.textNode("PIX"), NODES.textNode("subscription"),
            NODES.textNode("main"), NODES.textNode("BRL"), NODES.textNode("brl1"),
            NODES.numberNode(0), NODES.numberNode(-1), NODES.numberNode(new BigDecimal("-0.0")),
            NODES.numberNode(new BigDecimal("1.5")), NODES.numberNode(new BigDecimal("1e309")),
            NODES.numberNode(new BigDecimal("1e999999999")), NODES.numberNode(new BigDecimal("1e-999999999")),
            NODES.numberNode(new BigDecimal("0e999999999")), NODES.numberNode(new BigDecimal("9.99e12")),
            NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(Long.MIN_VALUE), NODES.numberNode(Integer.MIN_VALUE),
            NODES.numberNode(new BigInteger("9".repeat(64))), NODES.numberNode(253402300800L),
            NODES.numberNode(-62167219201L), NODES.booleanNode(true), NODES.booleanNode(false), NODES.nullNode());

    private final ProviderRegistry providers = registry();

    /** Every registered provider, each with a placeholder secret (normalizers do not read it). */
    static ProviderRegistry registry() {
        return new ProviderRegistry(ProviderRegistry.FACTORIES.stream().collect(Collectors.toMap(
                ProviderRegistry.Factory::name,
                f -> new ProviderSettings(List.of("unit-test-placeholder-secret"), null, null))));
    }

    @TestFactory
    Stream<DynamicTest> anyJsonObjectIsNormalizedOrParkedAndValidates() {
        return providers.names().stream().flatMap(name -> Stream.of(
                DynamicTest.dynamicTest(name + ": random trees", () -> run(name, "random trees", Corpus::randomTree)),
                DynamicTest.dynamicTest(name + ": mutated fixtures",
                        () -> run(name, "mutated fixtures", Corpus::mutatedFixture))));
    }

    private void run(String provider, String generatorName, Function<Corpus, ObjectNode> generator) {
        WebhookProvider target = providers.find(provider).orElseThrow();
        Corpus corpus = new Corpus(provider, new Random(SEED ^ (provider + "/" + generatorName).hashCode()));
        List<String> failures = new ArrayList<>();
        int failed = 0;
        int mapped = 0;
        for (int i = 0; i < TRIES; i++) {
            ObjectNode body = generator.apply(corpus);
            HostileJson.Verdict verdict = HostileJson.verdict(target, body);
            if (verdict.failure() != null && ++failed <= 5) {
                failures.add("try " + i + ": " + verdict.failure() + "\n    body: "
                        + HostileJson.abbreviate(body, 1500));
            }
            mapped += verdict.mapped() ? 1 : 0;
        }
        assertThat(failures).as("%s, %s: %d of %d tries failed, the first shown (seed %d: rerun with "
                + "-Dponte.fuzz.seed=%d)", provider, generatorName, failed, TRIES, SEED, SEED).isEmpty();
        System.out.printf("NormalizerFuzzTest %s, %s: %d tries, %d mapped, seed %d%n", provider, generatorName,
                TRIES, mapped, SEED);
    }

    /** The keys, values and event names of one provider's fixtures, and a random source. */
    private static final class Corpus {
        private final String provider;
        private final Random random;
        private final List<ObjectNode> fixtures = new ArrayList<>();
        private final List<String> keys;
        private final List<JsonNode> scalars;
        private final List<String> events;

        Corpus(String provider, Random random) {
            this.provider = provider;
            this.random = random;
            Set<String> keys = new LinkedHashSet<>();
            Set<JsonNode> scalars = new LinkedHashSet<>(HOSTILE_SCALARS);
            // documented event names no fixture carries, so that their code paths are reached too
            Set<String> events = new LinkedHashSet<>(ProviderTestKits.of(provider).moreEvents());
            for (String name : Fixtures.names(provider)) {
                ObjectNode fixture = HostileJson.parse(Fixtures.bytes(provider, name));
                fixtures.add(fixture);
                for (HostileJson.Path p : HostileJson.paths(fixture)) {
                    JsonNode node = HostileJson.at(fixture, p);
                    if (p.last() instanceof String key) {
                        keys.add(key);
                    }
                    if (node.isValueNode()) {
                        scalars.add(node);
                    }
                }
                for (HostileJson.Path eventPath : eventPaths()) {
                    JsonNode event = HostileJson.at(fixture, eventPath);
                    if (event != null && event.isTextual()) {
                        events.add(event.textValue());
                    }
                }
            }
            this.keys = List.copyOf(keys);
            this.scalars = List.copyOf(scalars);
            this.events = List.copyOf(events);
        }

        /** Where the provider names its event; a mutation leaves these alone (most of the time). */
        private List<HostileJson.Path> eventPaths() {
            return ProviderTestKits.of(provider).eventPaths();
        }

        ObjectNode randomTree() {
            ObjectNode body = randomObject(4);
            if (random.nextInt(10) < 8) {
                for (HostileJson.Path eventPath : eventPaths()) {
                    ensure(body, eventPath, NODES.textNode(pick(events)));
                }
            }
            return body;
        }

        ObjectNode mutatedFixture() {
            ObjectNode body = pick(fixtures).deepCopy();
            if (random.nextInt(4) == 0) {
                // many leaves at once: combinations a single change never reaches
                for (HostileJson.Path leaf : HostileJson.paths(body)) {
                    if (HostileJson.at(body, leaf).isValueNode() && !touchesEvent(leaf) && random.nextInt(5) == 0) {
                        body = HostileJson.with(body, leaf,
                                random.nextBoolean() ? pick(HOSTILE_SCALARS) : pick(scalars));
                    }
                }
                return body;
            }
            int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations; m++) {
                List<HostileJson.Path> paths = HostileJson.paths(body);
                if (paths.isEmpty()) {
                    break;
                }
                HostileJson.Path target = pick(paths);
                if (touchesEvent(target) && random.nextInt(10) != 0) {
                    continue;
                }
                JsonNode parent = HostileJson.at(body, new HostileJson.Path(
                        target.steps().subList(0, target.steps().size() - 1)));
                JsonNode current = HostileJson.at(body, target);
                switch (random.nextInt(6)) {
                    case 0 -> body = HostileJson.with(body, target, randomValue(2));
                    case 1 -> body = HostileJson.with(body, target,
                            random.nextBoolean() ? pick(HOSTILE_SCALARS) : pick(scalars));
                    case 2 -> { // a value from elsewhere in the body: a date where an amount goes, an object for an id
                        body = HostileJson.with(body, target, HostileJson.at(body, pick(paths)).deepCopy());
                    }
                    case 3 -> body = HostileJson.with(body, target, random.nextBoolean()
                            ? NODES.arrayNode().add(current.deepCopy())
                            : NODES.objectNode().set("id", current.deepCopy()));
                    case 4 -> { // remove the node
                        if (parent instanceof ObjectNode object) {
                            object.remove((String) target.last());
                        } else if (parent instanceof ArrayNode array) {
                            array.remove((int) (Integer) target.last());
                        }
                    }
                    default -> { // add a known key with a random value next to the node, or grow the array
                        if (parent instanceof ObjectNode object) {
                            object.set(pick(keys), randomValue(2));
                        } else if (parent instanceof ArrayNode array) {
                            array.add(random.nextBoolean() ? current.deepCopy() : randomValue(2));
                        }
                    }
                }
            }
            return body;
        }

        private boolean touchesEvent(HostileJson.Path target) {
            for (HostileJson.Path eventPath : eventPaths()) {
                List<Object> steps = eventPath.steps();
                if (target.steps().size() <= steps.size()
                        && steps.subList(0, target.steps().size()).equals(target.steps())) {
                    return true;
                }
            }
            return false;
        }

        private JsonNode randomValue(int depth) {
            int kind = random.nextInt(depth <= 0 ? 1 : 10);
            if (kind < 6) {
                return pick(scalars).deepCopy();
            }
            if (kind < 8) {
                return randomObject(depth - 1);
            }
            ArrayNode array = NODES.arrayNode();
            int size = random.nextInt(4);
            for (int i = 0; i < size; i++) {
                array.add(random.nextBoolean() ? randomObject(depth - 1) : randomValue(depth - 1));
            }
            return array;
        }

        private ObjectNode randomObject(int depth) {
            ObjectNode object = NODES.objectNode();
            int size = random.nextInt(depth <= 0 ? 3 : 8);
            for (int i = 0; i < size; i++) {
                object.set(pick(keys), randomValue(depth));
            }
            return object;
        }

        /** Sets a path, creating objects (and replacing non-objects) on the way. */
        private static void ensure(ObjectNode body, HostileJson.Path path, JsonNode value) {
            ObjectNode current = body;
            Iterator<Object> steps = path.steps().iterator();
            while (steps.hasNext()) {
                String key = (String) steps.next();
                if (!steps.hasNext()) {
                    current.set(key, value);
                } else {
                    JsonNode next = current.get(key);
                    if (!(next instanceof ObjectNode)) {
                        next = NODES.objectNode();
                        current.set(key, next);
                    }
                    current = (ObjectNode) next;
                }
            }
        }

        private <T> T pick(List<T> from) {
            return from.get(random.nextInt(from.size()));
        }
    }
}
