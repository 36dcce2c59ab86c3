package io.lightcloud.common.api;

import static java.util.Objects.requireNonNull;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;

/**
 * Turns every failure inside a controller into the owning service's fault body. Nothing reaches the client as a
 * stack trace: unexpected failures are logged with the request id and answered with a generic 500.
 */
@RestControllerAdvice
public class ApiExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final FaultWriter faultWriter;

    public ApiExceptionHandler(FaultWriter faultWriter) {
        this.faultWriter = requireNonNull(faultWriter, "faultWriter is null");
    }

    @ExceptionHandler(ApiException.class)
    public void apiException(ApiException e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        faultWriter.write(request, response, Fault.of(e));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    public void unreadableBody(HttpMessageNotReadableException e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof BodyTooLargeException tooLarge) {
            faultWriter.write(request, response, new Fault(413, tooLarge.getMessage(), null));
            return;
        }
        String detail = cause instanceof JacksonException json ? json.getOriginalMessage() : null;
        String message = e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")
                ? "The request body is missing; a JSON object is expected."
                : "Malformed JSON in request body" + (detail == null ? "." : ": " + detail);
        faultWriter.write(request, response, new Fault(400, message, "MalformedRequestBody"));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    public void methodNotAllowed(HttpRequestMethodNotSupportedException e, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        if (e.getSupportedMethods() != null) {
            response.setHeader("Allow", String.join(", ", e.getSupportedMethods()));
        }
        faultWriter.write(request, response,
                new Fault(405, "The method " + e.getMethod() + " is not supported for this resource.", null));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    public void unsupportedMediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        faultWriter.write(request, response,
                new Fault(415, "Unsupported Content-Type " + e.getContentType() + "; send application/json.", null));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    public void notAcceptable(HttpMediaTypeNotAcceptableException e, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        faultWriter.write(request, response, new Fault(406, "No acceptable representation: " + e.getMessage(), null));
    }

    @ExceptionHandler({MissingRequestHeaderException.class, MissingServletRequestParameterException.class})
    public void missingInput(Exception e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        faultWriter.write(request, response, new Fault(400, e.getMessage(), null));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    public void typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        faultWriter.write(request, response,
                new Fault(400, "Invalid value '" + e.getValue() + "' for '" + e.getName() + "'.", null));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    public void noResource(NoResourceFoundException e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        faultWriter.write(request, response, new Fault(404, "The resource could not be found.", null));
    }

    @ExceptionHandler(Exception.class)
    public void unexpected(Exception e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        log.error("Unexpected failure handling {} {}", request.getMethod(), request.getRequestURI(), e);
        faultWriter.write(request, response, new Fault(500,
                "An unexpected error prevented the server from fulfilling your request (request id "
                        + RequestIds.current() + ").", null));
    }
}
