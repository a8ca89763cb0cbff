package dev.ponte.delivery;

import org.apache.camel.component.http.HttpComponent;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.classic.ExecRuntime;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.time.Duration;

/**
 * The HTTP client of every HTTP destination (camel-http's {@code http} and {@code https} components):
 * <ul>
 *   <li>each socket checks the address it is about to connect to with {@link ForwardTargetGuard#checkConnect}: the
 *       address the DNS answered at that moment, a redirect's, or an IP literal's, whatever the URL said;</li>
 *   <li>a destination's answer is read up to {@link #MAX_RESPONSE_BYTES}; the rest is not read: the connection is
 *       closed instead, so a destination streaming gigabytes costs 64 KiB of memory and no more time;</li>
 *   <li>connect and read timeouts of {@code ponte.forward.timeout}.</li>
 * </ul>
 */
public final class GuardedHttpConnections {

    /** What Ponte keeps of a destination's response body: its status matters, its body is only logged evidence. */
    public static final int MAX_RESPONSE_BYTES = 64 * 1024;

    private GuardedHttpConnections() {
    }

    public static void apply(HttpComponent component, ForwardTargetGuard guard, Duration timeout) {
        component.setClientConnectionManager(connectionManager(guard, timeout));
        component.setHttpClientConfigurer(builder ->
                builder.addExecInterceptorFirst("ponte-response-cap", new ResponseCap(MAX_RESPONSE_BYTES)));
    }

    static HttpClientConnectionManager connectionManager(ForwardTargetGuard guard, Duration timeout) {
        Timeout limit = Timeout.ofMilliseconds(timeout.toMillis());
        var tls = RegistryBuilder.<TlsSocketStrategy>create()
                .register(URIScheme.HTTPS.id, DefaultClientTlsStrategy.createSystemDefault()).build();
        var operator = new DefaultHttpClientConnectionOperator(proxy -> new GuardedSocket(proxy, guard), null, null,
                tls);
        var manager = new PoolingHttpClientConnectionManager(operator, PoolConcurrencyPolicy.STRICT,
                PoolReusePolicy.LIFO, TimeValue.NEG_ONE_MILLISECOND, null);
        manager.setMaxTotal(200);
        manager.setDefaultMaxPerRoute(20);
        manager.setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(limit).build());
        manager.setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(limit).setSocketTimeout(limit)
                .build());
        return manager;
    }

    /** A socket that refuses to connect to a non-public address (unless allowed). */
    static final class GuardedSocket extends Socket {
        private final ForwardTargetGuard guard;

        GuardedSocket(Proxy proxy, ForwardTargetGuard guard) {
            super(proxy == null ? Proxy.NO_PROXY : proxy);
            this.guard = guard;
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            guard.checkConnect(endpoint instanceof InetSocketAddress inet ? inet.getAddress() : null);
            super.connect(endpoint, timeout);
        }
    }

    /** First in the client's chain: sees the final response (after redirects and decompression). */
    static final class ResponseCap implements ExecChainHandler {
        private final int limit;

        ResponseCap(int limit) {
            this.limit = limit;
        }

        @Override
        public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
                throws IOException, HttpException {
            ClassicHttpResponse response = chain.proceed(request, scope);
            HttpEntity entity = response.getEntity();
            if (entity != null) {
                response.setEntity(new CappedEntity(entity, limit, scope.execRuntime));
            }
            return response;
        }
    }

    static final class CappedEntity extends HttpEntityWrapper {
        private final int limit;
        private final ExecRuntime runtime;

        CappedEntity(HttpEntity entity, int limit, ExecRuntime runtime) {
            super(entity);
            this.limit = limit;
            this.runtime = runtime;
        }

        @Override
        public long getContentLength() {
            long length = super.getContentLength();
            return length > limit ? -1 : length;
        }

        @Override
        public boolean isRepeatable() {
            return false;
        }

        @Override
        public InputStream getContent() throws IOException {
            return new CappedStream(super.getContent(), limit, runtime);
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            try (InputStream in = getContent()) {
                in.transferTo(out);
            }
        }
    }

    /**
     * At most {@code limit} bytes, then end of stream. If the body goes on, the connection is discarded (closed, not
     * returned to the pool) rather than drained.
     */
    static final class CappedStream extends FilterInputStream {
        private final ExecRuntime runtime;
        private long remaining;
        private boolean ended;
        private boolean truncated;

        CappedStream(InputStream in, int limit, ExecRuntime runtime) {
            super(in);
            this.remaining = limit;
            this.runtime = runtime;
        }

        @Override
        public int read() throws IOException {
            if (remaining == 0) {
                return end();
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (remaining == 0) {
                return end();
            }
            int n = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] discard = new byte[(int) Math.min(Math.max(n, 0), 8192)];
            long skipped = 0;
            while (skipped < n) {
                int read = read(discard, 0, (int) Math.min(discard.length, n - skipped));
                if (read < 0) {
                    break;
                }
                skipped += read;
            }
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(in.available(), remaining);
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private int end() throws IOException {
            if (!ended) {
                ended = true;
                if (in.read() >= 0) {
                    truncated = true;
                    runtime.discardEndpoint();
                }
            }
            return -1;
        }

        @Override
        public void close() throws IOException {
            try {
                in.close();
            } catch (IOException e) {
                if (!truncated) {
                    throw e;
                }
                // the connection was closed on purpose: the rest of the body is not wanted
            }
        }
    }
}
