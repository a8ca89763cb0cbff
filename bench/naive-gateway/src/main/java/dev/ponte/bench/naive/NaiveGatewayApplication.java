package dev.ponte.bench.naive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark baseline (c): what one would write by hand in an afternoon. A Spring MVC controller on
 * {@code POST /webhooks/{provider}} parses the body as JSON, publishes it as a persistent message to a topic
 * exchange and waits on the request thread for its publisher confirm (correlated confirms) before answering 200.
 * No authentication, no normalization, no deduplication.
 */
@SpringBootApplication
@RestController
public class NaiveGatewayApplication {

    private final RabbitTemplate rabbit;
    private final ObjectMapper mapper;
    private final String exchange;

    public NaiveGatewayApplication(RabbitTemplate rabbit, ObjectMapper mapper,
                                   @Value("${naive.exchange:bench.naive}") String exchange) {
        this.rabbit = rabbit;
        this.mapper = mapper;
        this.exchange = exchange;
    }

    public static void main(String[] args) {
        SpringApplication.run(NaiveGatewayApplication.class, args);
    }

    @Bean
    TopicExchange naiveExchange(@Value("${naive.exchange:bench.naive}") String name) {
        return new TopicExchange(name, true, false);
    }

    /** Declares the exchange at start-up (Spring AMQP would otherwise wait for the first publish). */
    @Bean
    ApplicationRunner declareOnStart(AmqpAdmin admin) {
        return args -> admin.initialize();
    }

    @PostMapping(path = "/webhooks/{provider}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> webhook(@PathVariable String provider, @RequestBody byte[] body) throws Exception {
        JsonNode json = mapper.readTree(body);
        String event = json.path("event").asText(json.path("payment").path("status").asText("unknown"));
        MessageProperties props = new MessageProperties();
        props.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        props.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        Message message = new Message(mapper.writeValueAsBytes(json), props);
        CorrelationData correlation = new CorrelationData(UUID.randomUUID().toString());
        rabbit.send(exchange, provider + "." + event, message, correlation);
        CorrelationData.Confirm confirm = correlation.getFuture().get(5, TimeUnit.SECONDS);
        if (!confirm.isAck()) {
            return ResponseEntity.status(503).body("{\"status\":\"nack\"}");
        }
        return ResponseEntity.ok("{\"status\":\"accepted\"}");
    }
}
