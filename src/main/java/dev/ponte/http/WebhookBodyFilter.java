package dev.ponte.http;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * The size limit and the body deadline of the webhook endpoint, and the keeper of the exact body bytes. A body over
 * {@code ponte.ingress.max-body-bytes} is answered 413 as soon as its declared length or the bytes read so far
 * exceed the limit, so a 10 MB body is never buffered. A body not received whole within
 * {@code ponte.ingress.body-timeout} of its headers is answered 408 and its connection closed. Otherwise the bytes
 * are kept as a request attribute (signatures are verified over them, unchanged by any charset or form decoding)
 * for the route.
 * <p>
 * No request thread waits for a body: what the container has already received (the whole body of almost every
 * webhook, which arrives with its headers) is read at once; the rest is read with a non-blocking
 * {@link ReadListener} in async mode, which gives the thread back until bytes arrive, and the request is dispatched
 * to the route once the body is whole. A blocking read would let a few hundred connections trickling a byte now
 * and then hold every request thread ({@code server.tomcat.threads.max}) and starve the real webhooks; a read
 * timeout per byte would not stop them either.
 */
public class WebhookBodyFilter extends OncePerRequestFilter {

    public static final String RAW_BODY = WebhookBodyFilter.class.getName() + ".rawBody";
    public static final String REQUEST_ID = WebhookBodyFilter.class.getName() + ".requestId";

    private final long maxBodyBytes;
    private final long bodyTimeoutMillis;
    private final WebhookMetrics metrics;
    private final java.util.List<WebhookOutcomeListener> listeners;

    public WebhookBodyFilter(long maxBodyBytes, Duration bodyTimeout, WebhookMetrics metrics) {
        this(maxBodyBytes, bodyTimeout, metrics, java.util.List.of());
    }

    /** @param listeners told of each body refused for its size or its slowness (the event log) */
    public WebhookBodyFilter(long maxBodyBytes, Duration bodyTimeout, WebhookMetrics metrics,
                             java.util.List<WebhookOutcomeListener> listeners) {
        this.maxBodyBytes = maxBodyBytes;
        this.bodyTimeoutMillis = bodyTimeout.toMillis();
        this.metrics = metrics;
        this.listeners = java.util.List.copyOf(listeners);
    }

    /** The route runs in the async dispatch that follows a body read without a thread. */
    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getDispatcherType() == DispatcherType.ASYNC) {
            if (request.getAttribute(RAW_BODY) != null) {
                chain.doFilter(new CachedBodyRequest(request), response);
            }
            return;
        }
        String requestId = RequestIds.accept(request.getHeader(RequestIds.HEADER));
        request.setAttribute(REQUEST_ID, requestId);
        response.setHeader(RequestIds.HEADER, requestId);
        if (!"POST".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        long declared = request.getContentLengthLong();
        if (declared > maxBodyBytes) {
            tooLarge(request, response);
            return;
        }
        Body body = new Body(declared, maxBodyBytes);
        ServletInputStream in = request.getInputStream();
        // what the container holds already: reading it never waits for the network. Not for a chunked body, whose
        // decoder may wait for the rest of a chunk header it has only begun to receive
        while (declared > 0 && !body.complete() && in.available() > 0) {
            if (!body.readFrom(in)) {
                break;
            }
        }
        if (body.tooLarge()) {
            tooLarge(request, response);
            return;
        }
        if (body.complete() || declared == 0) {
            request.setAttribute(RAW_BODY, body.bytes());
            chain.doFilter(new CachedBodyRequest(request), response);
            return;
        }
        AsyncContext async = request.startAsync(request, response);
        async.setTimeout(bodyTimeoutMillis);
        BodyReader reader = new BodyReader(request, response, async, in, body);
        async.addListener(reader);
        in.setReadListener(reader);
    }

    /** The bytes of a body as they arrive, within the size limit. */
    private static final class Body {
        private final long declared;
        private final long limit;
        private byte[] bytes;
        private int length;
        private boolean ended;
        private boolean tooLarge;

        Body(long declared, long limit) {
            this.declared = declared;
            this.limit = limit;
            // the container delivers no more than the declared length: an array of its size
            this.bytes = new byte[declared >= 0 ? (int) declared : 4096];
        }

        /** Reads once; false at the end of the body or over the limit. */
        boolean readFrom(InputStream in) throws IOException {
            if (length == bytes.length) {
                if (declared >= 0) {
                    ended = true;
                    return false;
                }
                bytes = Arrays.copyOf(bytes, (int) Math.min(Math.max(bytes.length * 2L, 4096), limit + 1));
            }
            int n = in.read(bytes, length, bytes.length - length);
            if (n == -1) {
                ended = true;
                return false;
            }
            length += n;
            if (length > limit) {
                tooLarge = true;
                return false;
            }
            return true;
        }

        boolean complete() {
            return ended || (declared >= 0 && length == declared);
        }

        boolean tooLarge() {
            return tooLarge;
        }

        byte[] bytes() {
            return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
        }
    }

    /**
     * Reads the rest of a body as the container reports bytes available, holding no thread in between; dispatches
     * the request to the route once the body is whole, or answers 408 at the deadline (the connection is closed,
     * the rest of the body never read).
     */
    private final class BodyReader implements ReadListener, AsyncListener {
        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private final AsyncContext async;
        private final ServletInputStream in;
        private final Body body;
        private boolean done;

        BodyReader(HttpServletRequest request, HttpServletResponse response, AsyncContext async,
                   ServletInputStream in, Body body) {
            this.request = request;
            this.response = response;
            this.async = async;
            this.in = in;
            this.body = body;
        }

        @Override
        public synchronized void onDataAvailable() throws IOException {
            while (!done && !body.complete() && in.isReady()) {
                if (!body.readFrom(in)) {
                    break;
                }
            }
            if (done) {
                return;
            }
            if (body.tooLarge()) {
                done = true;
                tooLarge(request, response);
                async.complete();
            } else if (body.complete()) {
                dispatch();
            }
        }

        @Override
        public synchronized void onAllDataRead() {
            if (!done) {
                dispatch();
            }
        }

        private void dispatch() {
            done = true;
            request.setAttribute(RAW_BODY, body.bytes());
            async.dispatch();
        }

        @Override
        public synchronized void onTimeout(AsyncEvent event) throws IOException {
            if (done) {
                return;
            }
            done = true;
            refused(request, WebhookMetrics.Outcome.BODY_TIMEOUT, "body not received within " + bodyTimeoutMillis
                    + " ms", body.length);
            response.setStatus(408);
            response.setContentType("application/json");
            response.setHeader("Connection", "close");
            response.getOutputStream().write(("{\"error\":\"body_timeout\",\"detail\":\"body not received within "
                    + bodyTimeoutMillis + " ms\"}").getBytes(StandardCharsets.UTF_8));
            async.complete();
        }

        @Override
        public synchronized void onError(Throwable failure) {
            // the client went away or the connection failed: nothing to answer
            if (!done) {
                done = true;
                try {
                    async.complete();
                } catch (IllegalStateException alreadyCompleted) {
                    // the container ended the request itself
                }
            }
        }

        @Override
        public void onError(AsyncEvent event) {
            onError(event.getThrowable());
        }

        @Override
        public void onComplete(AsyncEvent event) {
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }
    }

    /** Counts a body refused before the route and tells the listeners (the event log). */
    private void refused(HttpServletRequest request, WebhookMetrics.Outcome outcome, String detail, long size) {
        String path = request.getRequestURI();
        String provider = path.substring(path.lastIndexOf('/') + 1);
        metrics.received(provider, outcome);
        if (!listeners.isEmpty()) {
            java.time.Instant now = java.time.Instant.now();
            WebhookOutcome refused = new WebhookOutcome(outcome.label(), provider, detail, null,
                    (String) request.getAttribute(REQUEST_ID), now, now, request.getRemoteAddr(),
                    request.getHeader("User-Agent"), (int) Math.min(Integer.MAX_VALUE, size));
            for (WebhookOutcomeListener listener : listeners) {
                try {
                    listener.onOutcome(refused);
                } catch (RuntimeException e) {
                    // the event log never fails a webhook
                }
            }
        }
    }

    private void tooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long declared = request.getContentLengthLong();
        refused(request, WebhookMetrics.Outcome.TOO_LARGE, "body exceeds " + maxBodyBytes + " bytes",
                declared > 0 ? declared : maxBodyBytes + 1);
        response.setStatus(413);
        response.setContentType("application/json");
        // the rest of the body is not read; the connection is closed rather than drained
        response.setHeader("Connection", "close");
        response.getOutputStream().write(("{\"error\":\"payload_too_large\",\"detail\":\"body exceeds "
                + maxBodyBytes + " bytes\"}").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The request as the route sees it: the body's bytes travel only in the {@link #RAW_BODY} attribute, and the
     * stream is empty, so Camel's HTTP binding neither decodes nor copies the body into the message (it could
     * never be echoed in an answer either).
     */
    private static final class CachedBodyRequest extends HttpServletRequestWrapper {

        CachedBodyRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() {
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return true;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("body is already buffered");
                }

                @Override
                public int read() {
                    return -1;
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(java.io.Reader.nullReader());
        }

        /**
         * A form or multipart content type would make the HTTP binding parse the body as parameters (and fail
         * on a JSON body): the route reads the raw bytes itself, so the binding is told it is opaque.
         */
        @Override
        public String getContentType() {
            String type = super.getContentType();
            return isParsedByContainer(type) ? "application/octet-stream" : type;
        }

        @Override
        public String getHeader(String name) {
            return "content-type".equalsIgnoreCase(name) ? getContentType() : super.getHeader(name);
        }

        @Override
        public java.util.Enumeration<String> getHeaders(String name) {
            return "content-type".equalsIgnoreCase(name) && getContentType() != null
                    ? java.util.Collections.enumeration(java.util.List.of(getContentType()))
                    : super.getHeaders(name);
        }

        private static boolean isParsedByContainer(String type) {
            String lower = type == null ? "" : type.toLowerCase(java.util.Locale.ROOT);
            return lower.startsWith("application/x-www-form-urlencoded") || lower.startsWith("multipart/");
        }

        @Override
        public int getContentLength() {
            return 0;
        }

        @Override
        public long getContentLengthLong() {
            return 0;
        }
    }
}
