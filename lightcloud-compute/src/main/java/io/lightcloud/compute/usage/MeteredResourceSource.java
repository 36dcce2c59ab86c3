package io.lightcloud.compute.usage;

import java.util.List;

/**
 * Lists the resources of one kind that exist now. The services that own volumes, floating IPs and images provide one
 * each; the ledger's sweep compares the lists with its open intervals.
 */
public interface MeteredResourceSource {
    ResourceKind kind();

    List<MeteredResource> current();
}
