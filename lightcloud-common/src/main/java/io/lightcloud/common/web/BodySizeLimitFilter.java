package io.lightcloud.common.web;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.BodyTooLargeException;
import io.lightcloud.common.api.Fault;
import io.lightcloud.common.api.FaultWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over the API limit with 413, both when the declared length is too big and when a chunked
 * body grows past it. Streaming endpoints with their own, larger limits (image uploads) are exempted by path.
 */
public class BodySizeLimitFilter extends OncePerRequestFilter {
    private final long limit;
    private final List<Predicate<String>> exemptPaths;
    private final FaultWriter faultWriter;

    public BodySizeLimitFilter(long limit, List<Predicate<String>> exemptPaths, FaultWriter faultWriter) {
        this.limit = limit;
        this.exemptPaths = List.copyOf(exemptPaths);
        this.faultWriter = requireNonNull(faultWriter, "faultWriter is null");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        if (exemptPaths.stream().anyMatch(p -> p.test(path))) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getContentLengthLong() > limit) {
            faultWriter.write(request, response, new Fault(413,
                    "The request body is larger than the limit of " + limit + " bytes.", "RequestEntityTooLarge"));
            return;
        }
        chain.doFilter(new LimitedRequest(request, limit), response);
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedStream(super.getInputStream(), limit);
            }
            return stream;
        }
    }

    private static final class LimitedStream extends ServletInputStream {
        private final ServletInputStream delegate;
        private final long limit;
        private long count;

        LimitedStream(ServletInputStream delegate, long limit) {
            this.delegate = delegate;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = delegate.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) throws IOException {
            count += n;
            if (count > limit) {
                throw new BodyTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}
