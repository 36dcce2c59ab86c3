package io.lightcloud.common.web;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.BaseUrl;
import io.lightcloud.common.api.Fault;
import io.lightcloud.common.api.FaultFormat;
import io.lightcloud.common.api.FaultWriter;
import io.lightcloud.common.api.RequestIds;
import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's error report in the fault body of the service the path belongs to, instead of its HTML page. Tomcat
 * answers some requests itself before any filter or controller sees them (an encoded slash or NUL in the path,
 * headers over the size limit, TRACE), and reports every {@code sendError}; OpenStack clients parse the fault of
 * the service they called. The message is Lightcloud's own: Tomcat's may quote the request.
 */
public class FaultReportValve extends ErrorReportValve {
    private final FaultWriter faultWriter;

    public FaultReportValve(FaultWriter faultWriter) {
        this.faultWriter = requireNonNull(faultWriter, "faultWriter is null");
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        String path = request.getRequestURI() == null ? "/" : request.getRequestURI();
        // The request logging filter has finished (and cleared its log context) by the time Tomcat reports an error.
        String requestId = response.getHeader(RequestIds.HEADER);
        Fault fault = new Fault(status, message(status, request.getMethod(), requestId), null);
        FaultFormat format = faultWriter.formatFor(path);
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("utf-8");
            format.headers(fault, BaseUrl.of(request)).forEach(response::setHeader);
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(faultWriter.json(format, fault));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response was closed meanwhile: nothing left to tell it.
        }
    }

    private static String message(int status, String method, String requestId) {
        return switch (status) {
            case 400 -> "The request is malformed: its URL or its headers are not valid.";
            case 404 -> "The resource could not be found.";
            case 405 -> "The method " + method + " is not supported for this resource.";
            case 413, 431 -> "The request headers are too large.";
            case 500 -> "An unexpected error prevented the server from fulfilling your request"
                    + (requestId == null ? "." : " (request id " + requestId + ").");
            default -> {
                HttpStatus known = HttpStatus.resolve(status);
                yield (known == null ? "Error" : known.getReasonPhrase()) + ".";
            }
        };
    }
}
