package dev.ponte.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpConsumer;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpEngine;

import java.util.concurrent.CompletableFuture;

/**
 * platform-http on Spring MVC, with each request's route run on the container's request thread. Camel's engine
 * hands every request to a task pool and completes it through Spring MVC's async processing: a second dispatch
 * through the servlet, the filters and the handler adapter per request, plus a thread hand-off. A webhook holds a
 * thread until its broker confirm either way, so that buys nothing here and costs CPU on every request. The
 * container's thread pool ({@code server.tomcat.threads.max}) bounds the webhooks in flight.
 */
public class WebhookHttpEngine extends SpringBootPlatformHttpEngine {

    public WebhookHttpEngine(int port) {
        super(port);
    }

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        return new RequestThreadConsumer(endpoint, processor);
    }

    /** Camel's consumer, its executor the calling thread: Camel's own {@code service} runs the route at once. */
    static final class RequestThreadConsumer extends SpringBootPlatformHttpConsumer {

        RequestThreadConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
            super(endpoint, processor, Runnable::run);
        }

        /**
         * The future of Camel's {@code service} is complete when it returns (the executor ran it on this thread),
         * answer written. Spring MVC would still start async processing for it and dispatch the request a second
         * time; a null return value tells Spring MVC's handler of future return values that the response is
         * handled, and no async processing starts.
         */
        @Override
        public CompletableFuture<Void> service(HttpServletRequest request, HttpServletResponse response) {
            super.service(request, response).join();
            return null;
        }
    }
}
