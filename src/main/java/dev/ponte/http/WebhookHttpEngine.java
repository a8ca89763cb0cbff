package dev.ponte.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpConsumer;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;

/**
 * platform-http on Spring MVC, with each request's route run on the container's request thread and answered
 * synchronously. Camel's engine hands every request to a task pool and completes it through Spring MVC's async
 * processing: a second dispatch through the servlet, the filters and the handler adapter per request, plus a thread
 * hand-off. A webhook holds a thread until its broker confirm either way, so that bought nothing here; in the
 * benchmark's profile the async dispatch alone took about a tenth of Ponte's CPU. The container's thread pool
 * ({@code server.tomcat.threads.max}) bounds the webhooks in flight.
 */
public class WebhookHttpEngine extends SpringBootPlatformHttpEngine {

    public WebhookHttpEngine(int port) {
        super(port, Runnable::run);
    }

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        return new SynchronousConsumer(endpoint, processor);
    }

    static final class SynchronousConsumer extends SpringBootPlatformHttpConsumer {

        private static final Logger log = LoggerFactory.getLogger(SynchronousConsumer.class);

        SynchronousConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
            super(endpoint, processor, Runnable::run);
        }

        /** Spring MVC treats a null future as a request already handled: no async processing starts. */
        @Override
        public CompletableFuture<Void> service(HttpServletRequest request, HttpServletResponse response) {
            try {
                handleService(request, response);
            } catch (Exception e) {
                // as the parent does: never leak the exception to the caller
                log.warn("Error handling request due to: {}", e.getMessage(), e);
                try {
                    if (!response.isCommitted()) {
                        response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
                    }
                } catch (Exception ignored) {
                    // the client is gone
                }
            }
            return null;
        }
    }
}
