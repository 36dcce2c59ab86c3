package io.lightcloud.network.port;

import io.lightcloud.common.catalog.ExternalUrl;
import io.lightcloud.network.api.NeutronResource;
import io.lightcloud.network.api.NeutronResourceController;
import io.lightcloud.network.core.Port;
import io.lightcloud.network.core.Ports;
import io.lightcloud.network.store.NetworkTransactions;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v2.0/ports}; also created in bulk. */
@RestController
@RequestMapping("/network/v2.0/ports")
public class PortController extends NeutronResourceController<Port> {
    public PortController(PortService service, Ports ports, PortViews views, ExternalUrl externalUrl,
            NetworkTransactions transactions) {
        super(new NeutronResource<>("port", "ports", service::create, ports::visible, ports::visible,
                service::update, service::delete, views::view, views::views), externalUrl, transactions);
    }
}
