package io.lightcloud.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.testing.ServerTestBase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests Tomcat refuses before the application sees them (an encoded slash or NUL in the path, oversized headers,
 * TRACE) are answered with the fault body of the service the path belongs to, never an HTML page. Raw sockets, so
 * that nothing on the client side cleans the request up.
 */
class ProtocolFaultsTest extends ServerTestBase {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @Test
    void anEncodedSlashInThePathIsANovaFault() throws IOException {
        RawResponse response = send("GET /compute/v2.1/servers/a%2Fb HTTP/1.1\r\n");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().at("/badRequest/code").intValue()).as(response.text()).isEqualTo(400);
        assertThat(response.json().at("/badRequest/message").stringValue()).isNotBlank();
    }

    @Test
    void anEncodedNulInThePathIsAKeystoneFault() throws IOException {
        RawResponse response = send("GET /identity/v3/users/a%00b HTTP/1.1\r\n");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().at("/error/code").intValue()).as(response.text()).isEqualTo(400);
        assertThat(response.json().at("/error/title").stringValue()).isEqualTo("Bad Request");
    }

    @Test
    void oversizedHeadersAreANeutronFault() throws IOException {
        RawResponse response = send("GET /network/v2.0/networks HTTP/1.1\r\nX-Padding: " + "a".repeat(70_000)
                + "\r\n");
        assertThat(response.status()).isBetween(400, 431);
        assertThat(response.json().at("/NeutronError/message").stringValue()).as(response.text()).isNotBlank();
    }

    @Test
    void traceIsRefusedInEachServicesShape() throws IOException {
        RawResponse glance = send("TRACE /image/v2/images HTTP/1.1\r\n");
        assertThat(glance.status()).isEqualTo(405);
        assertThat(glance.json().at("/error/code").stringValue()).as(glance.text()).isEqualTo("405 Method Not Allowed");
        RawResponse cinder = send("TRACE /volume/v3 HTTP/1.1\r\n");
        assertThat(cinder.status()).isEqualTo(405);
        assertThat(cinder.json().at("/badMethod/code").intValue()).as(cinder.text()).isEqualTo(405);
        RawResponse nova = send("TRACE /compute/v2.1/servers HTTP/1.1\r\n");
        assertThat(nova.json().at("/badMethod/code").intValue()).as(nova.text()).isEqualTo(405);
    }

    private RawResponse send(String requestLineAndHeaders) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((requestLineAndHeaders + "Host: 127.0.0.1\r\nAccept: application/json\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int headersEnd = text.indexOf("\r\n\r\n");
            String head = headersEnd < 0 ? text : text.substring(0, headersEnd);
            String body = headersEnd < 0 ? "" : text.substring(headersEnd + 4);
            if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
                body = unchunk(body);
            }
            int status = Integer.parseInt(head.substring(9, 12));
            assertThat(head.toLowerCase(Locale.ROOT)).as(text).contains("content-type: application/json");
            return new RawResponse(status, body);
        }
    }

    private static String unchunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                break;
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
        return body.toString();
    }

    private record RawResponse(int status, String text) {
        JsonNode json() {
            return MAPPER.readTree(text);
        }
    }
}
