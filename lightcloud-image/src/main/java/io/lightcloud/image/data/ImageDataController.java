package io.lightcloud.image.data;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.image.access.ImageAccess;
import io.lightcloud.image.core.Image;
import io.lightcloud.image.core.ImageStatus;
import io.lightcloud.image.store.ImageStore;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Image data, streamed both ways in bounded chunks: an upload is read from the request as it arrives and a download
 * written from the file as the client takes it, so the memory used does not grow with the image.
 */
@RestController
@RequestMapping("/image/v2/images/{id}/file")
public class ImageDataController {
    private static final Logger log = LoggerFactory.getLogger(ImageDataController.class);

    private final ImageUploader uploader;
    private final ImageAccess access;
    private final ImageStore store;

    public ImageDataController(ImageUploader uploader, ImageAccess access, ImageStore store) {
        this.uploader = requireNonNull(uploader, "uploader is null");
        this.access = requireNonNull(access, "access is null");
        this.store = requireNonNull(store, "store is null");
    }

    @PutMapping
    public ResponseEntity<Void> upload(AuthContext caller, @PathVariable String id, HttpServletRequest request)
            throws IOException {
        String contentType = request.getContentType();
        if (contentType != null && !isOctetStream(contentType)) {
            throw new ApiException(415, "Image data must be sent as application/octet-stream, not " + contentType
                    + ".");
        }
        uploader.upload(caller, id, request.getInputStream(), request.getContentLengthLong());
        return ResponseEntity.noContent().build();
    }

    @GetMapping
    public void download(AuthContext caller, @PathVariable String id,
            @RequestHeader(value = "Range", required = false) String rangeHeader, HttpServletResponse response)
            throws IOException {
        Image image = access.visible(id, caller);
        if (image.status() == ImageStatus.DEACTIVATED && !caller.isAdmin()) {
            throw ApiException.forbidden("The requested image has been deactivated. Image data download is forbidden.");
        }
        access.enforce("image:download_image", image, caller);
        if (!image.status().hasData() || image.data() == null) {
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return;
        }
        long size = image.data().size();
        ByteRange range = ByteRange.parse(rangeHeader, size);
        Optional<InputStream> opened = store.open(id, range == null ? 0 : range.first());
        if (opened.isEmpty()) {
            log.error("The data of an active image is missing from the store image_id={}", id);
            throw new ApiException(500, "The data of image " + id + " is missing from the image store.");
        }
        response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
        if (range == null) {
            response.setHeader("Content-MD5", image.data().checksum());
            response.setContentLengthLong(size);
        } else {
            response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
            response.setHeader("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + size);
            response.setContentLengthLong(range.length());
        }
        try (InputStream in = opened.get()) {
            send(id, in, response.getOutputStream(), range == null ? size : range.length());
        }
    }

    private static void send(String id, InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[DataCopy.CHUNK];
        long remaining = length;
        while (remaining > 0) {
            int n = in.readNBytes(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n == 0) {
                throw new IOException("image data ended " + remaining + " bytes early");
            }
            try {
                out.write(buffer, 0, n);
            } catch (IOException clientGone) {
                log.info("Image download ended by the client image_id={} bytes_left={}", id, remaining);
                return;
            }
            remaining -= n;
        }
    }

    private static boolean isOctetStream(String contentType) {
        try {
            return MediaType.parseMediaType(contentType).isCompatibleWith(MediaType.APPLICATION_OCTET_STREAM);
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    /** One byte range of a {@code Range: bytes=...} header, inclusive at both ends. */
    record ByteRange(long first, long last) {
        long length() {
            return last - first + 1;
        }

        /**
         * The single range the header asks for, or null for the whole image (no header, several ranges, or a header
         * this server does not understand, which HTTP lets it ignore).
         *
         * @throws ApiException 416 when the range lies outside the image
         */
        static ByteRange parse(String header, long size) {
            if (header == null || !header.matches("bytes=\\d*-\\d*") || header.equals("bytes=-")) {
                return null;
            }
            String spec = header.substring("bytes=".length());
            int dash = spec.indexOf('-');
            String start = spec.substring(0, dash);
            String end = spec.substring(dash + 1);
            if (start.length() > 18 || end.length() > 18) {
                return null;
            }
            long first;
            long last;
            if (start.isEmpty()) {
                first = Math.max(0, size - Long.parseLong(end));
                last = size - 1;
            } else {
                first = Long.parseLong(start);
                last = end.isEmpty() ? size - 1 : Math.min(Long.parseLong(end), size - 1);
            }
            if (first >= size || first > last) {
                throw new ApiException(416, "The requested range is not satisfiable for an image of " + size
                        + " bytes.");
            }
            return new ByteRange(first, last);
        }
    }
}
