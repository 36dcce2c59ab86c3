package io.lightcloud.network.network;

import io.lightcloud.common.catalog.ExternalUrl;
import io.lightcloud.network.api.NeutronResource;
import io.lightcloud.network.api.NeutronResourceController;
import io.lightcloud.network.core.Network;
import io.lightcloud.network.core.Networks;
import io.lightcloud.network.store.NetworkTransactions;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v2.0/networks}; also created in bulk. */
@RestController
@RequestMapping("/network/v2.0/networks")
public class NetworkController extends NeutronResourceController<Network> {
    public NetworkController(NetworkService service, Networks networks, NetworkViews views, ExternalUrl externalUrl,
            NetworkTransactions transactions) {
        super(new NeutronResource<>("network", "networks", service::create, networks::visible, networks::visible,
                service::update, service::delete, views::view, views::views), externalUrl, transactions);
    }
}
