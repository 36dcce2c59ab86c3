package io.lightcloud.common.api;

import static java.util.Objects.requireNonNull;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.ObjectMapper;

/** Writes a fault in the format of the service that owns the request's path. */
public class FaultWriter {
    private final List<FaultFormat> formats;
    private final FaultFormat fallback = new GenericFaultFormat("/");
    private final ObjectMapper mapper;

    public FaultWriter(List<FaultFormat> formats, ObjectMapper mapper) {
        this.formats = requireNonNull(formats, "formats is null").stream()
                .sorted(Comparator.comparingInt((FaultFormat f) -> f.pathPrefix().length()).reversed())
                .toList();
        this.mapper = requireNonNull(mapper, "mapper is null");
    }

    public FaultFormat formatFor(String path) {
        for (FaultFormat format : formats) {
            String prefix = format.pathPrefix();
            if (path.equals(prefix) || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/")) {
                return format;
            }
        }
        return fallback;
    }

    /** A fault body as JSON, for writers that cannot use {@link #write}, such as Tomcat's error report. */
    public String json(FaultFormat format, Fault fault) {
        return mapper.writeValueAsString(format.body(fault));
    }

    public void write(HttpServletRequest request, HttpServletResponse response, Fault fault) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        FaultFormat format = formatFor(request.getRequestURI());
        response.resetBuffer();
        response.setStatus(fault.status());
        response.setContentType("application/json");
        format.headers(fault, BaseUrl.of(request)).forEach(response::setHeader);
        mapper.writeValue(response.getOutputStream(), format.body(fault));
    }
}
