package io.lightcloud.compute.api;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.catalog.ExternalUrl;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/** Nova's links: {@code self} under {@code /compute/v2.1}, {@code bookmark} under {@code /compute}, and next pages. */
@Component
public class NovaLinks {
    private final ExternalUrl externalUrl;

    public NovaLinks(ExternalUrl externalUrl) {
        this.externalUrl = requireNonNull(externalUrl, "externalUrl is null");
    }

    public String base(HttpServletRequest request) {
        return externalUrl.resolve(request) + "/compute";
    }

    public List<Map<String, Object>> of(HttpServletRequest request, String collection, String id) {
        String base = base(request);
        return List.of(link("self", base + "/v2.1/" + collection + "/" + id),
                link("bookmark", base + "/" + collection + "/" + id));
    }

    public List<Map<String, Object>> bookmark(HttpServletRequest request, String collection, String id) {
        return List.of(link("bookmark", base(request) + "/" + collection + "/" + id));
    }

    /**
     * The {@code <collection>_links} of a page: a {@code next} link with the last item as marker when the page is
     * full (Nova's rule, so a client stops at the first short page); empty otherwise.
     */
    public List<Map<String, Object>> next(HttpServletRequest request, String path, NovaPage page, int size,
            String lastId) {
        if (!page.full(size) || lastId == null) {
            return List.of();
        }
        UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(base(request) + "/v2.1/" + path);
        request.getParameterMap().forEach((key, values) -> {
            if (!key.equals("marker")) {
                for (String value : values) {
                    uri.queryParam(key, value);
                }
            }
        });
        uri.queryParam("marker", lastId);
        return List.of(link("next", uri.encode().build().toUriString()));
    }

    private static Map<String, Object> link(String rel, String href) {
        Map<String, Object> link = new LinkedHashMap<>();
        link.put("rel", rel);
        link.put("href", href);
        return link;
    }
}
