package io.lightcloud.network.subnet;

import io.lightcloud.common.catalog.ExternalUrl;
import io.lightcloud.network.api.NeutronResource;
import io.lightcloud.network.api.NeutronResourceController;
import io.lightcloud.network.core.Subnet;
import io.lightcloud.network.core.Subnets;
import io.lightcloud.network.store.NetworkTransactions;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v2.0/subnets}; also created in bulk. */
@RestController
@RequestMapping("/network/v2.0/subnets")
public class SubnetController extends NeutronResourceController<Subnet> {
    public SubnetController(SubnetService service, Subnets subnets, SubnetViews views, ExternalUrl externalUrl,
            NetworkTransactions transactions) {
        super(new NeutronResource<>("subnet", "subnets", service::create, subnets::visible, subnets::visible,
                service::update, service::delete, (caller, subnet) -> views.view(subnet),
                (caller, list) -> views.views(list)), externalUrl, transactions);
    }
}
