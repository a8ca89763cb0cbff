package dev.ponte.ingress;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The size limit of the webhook endpoint, and the keeper of the exact body bytes. A body over
 * {@code ponte.ingress.max-body-bytes} is answered 413 as soon as its declared length or the bytes read so far
 * exceed the limit, so a 10 MB body is never buffered. Otherwise the bytes are kept as a request attribute
 * (signatures are verified over them, unchanged by any charset or form decoding) for the route.
 */
public class WebhookBodyFilter extends OncePerRequestFilter {

    public static final String RAW_BODY = WebhookBodyFilter.class.getName() + ".rawBody";
    public static final String REQUEST_ID = WebhookBodyFilter.class.getName() + ".requestId";

    private final long maxBodyBytes;
    private final WebhookMetrics metrics;
    private final java.util.List<WebhookOutcomeListener> listeners;

    public WebhookBodyFilter(long maxBodyBytes, WebhookMetrics metrics) {
        this(maxBodyBytes, metrics, java.util.List.of());
    }

    /** @param listeners told of each body refused for its size (the event log) */
    public WebhookBodyFilter(long maxBodyBytes, WebhookMetrics metrics, java.util.List<WebhookOutcomeListener> listeners) {
        this.maxBodyBytes = maxBodyBytes;
        this.metrics = metrics;
        this.listeners = java.util.List.copyOf(listeners);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
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
        byte[] body = readAtMost(request.getInputStream(), declared, maxBodyBytes);
        if (body == null) {
            tooLarge(request, response);
            return;
        }
        request.setAttribute(RAW_BODY, body);
        chain.doFilter(new CachedBodyRequest(request), response);
    }

    /**
     * @param declared the Content-Length, or -1 when chunked
     * @return the body, or null when it is longer than {@code limit}
     */
    private static byte[] readAtMost(InputStream in, long declared, long limit) throws IOException {
        if (declared >= 0) {
            // the container delivers no more than the declared length: read it into an array of its size
            return in.readNBytes((int) declared);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        byte[] buffer = new byte[4096];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            total += n;
            if (total > limit) {
                return null;
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private void tooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI();
        String provider = path.substring(path.lastIndexOf('/') + 1);
        metrics.received(provider, WebhookMetrics.Outcome.TOO_LARGE);
        if (!listeners.isEmpty()) {
            java.time.Instant now = java.time.Instant.now();
            long declared = request.getContentLengthLong();
            WebhookOutcome outcome = new WebhookOutcome("too_large", provider, "body exceeds " + maxBodyBytes + " bytes",
                    null, (String) request.getAttribute(REQUEST_ID), now, now, request.getRemoteAddr(),
                    request.getHeader("User-Agent"), (int) Math.min(Integer.MAX_VALUE, declared > 0 ? declared : maxBodyBytes + 1));
            for (WebhookOutcomeListener listener : listeners) {
                try {
                    listener.onOutcome(outcome);
                } catch (RuntimeException e) {
                    // the event log never fails a webhook
                }
            }
        }
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
