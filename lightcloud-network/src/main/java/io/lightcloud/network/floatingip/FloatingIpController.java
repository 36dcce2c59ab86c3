package io.lightcloud.network.floatingip;

import io.lightcloud.common.catalog.ExternalUrl;
import io.lightcloud.network.api.NeutronResource;
import io.lightcloud.network.api.NeutronResourceController;
import io.lightcloud.network.core.FloatingIp;
import io.lightcloud.network.core.FloatingIps;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v2.0/floatingips}. */
@RestController
@RequestMapping("/network/v2.0/floatingips")
public class FloatingIpController extends NeutronResourceController<FloatingIp> {
    public FloatingIpController(FloatingIpService service, FloatingIps floatingIps, FloatingIpViews views,
            ExternalUrl externalUrl) {
        super(new NeutronResource<>("floatingip", "floatingips", service::create, floatingIps::visible,
                floatingIps::visible, service::update, service::delete, (caller, floatingIp) -> views.view(floatingIp),
                (caller, list) -> views.views(list)), externalUrl);
    }
}
