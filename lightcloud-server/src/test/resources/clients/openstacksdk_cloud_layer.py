"""Drives Lightcloud through openstacksdk's cloud layer, as Ansible's openstack.cloud modules and operators' scripts
do: a network with a subnet and a router to the external network, a security group, a key pair, a volume, a server
made with wait=True and auto_ip (a floating IP), the volume attached, the server read back with its addresses, and
everything deleted again. Credentials come from the OS_* environment; LC_IMAGE, LC_FLAVOR and LC_EXTERNAL_NETWORK
name what the admin prepared. Prints one "SDK-STEP <name>" line per step and "SDK-OK" at the end; any failure ends
the script with a traceback and a non-zero exit code.
"""
import os
import sys

import openstack

TIMEOUT = int(os.environ.get("LC_TIMEOUT", "240"))
PREFIX = os.environ.get("LC_PREFIX", "sdk")


def step(name):
    print("SDK-STEP " + name, flush=True)


def main():
    conn = openstack.connect()
    external = conn.get_network(os.environ["LC_EXTERNAL_NETWORK"])
    assert external is not None and external["router:external"], external

    step("create_network")
    network = conn.create_network(PREFIX + "-net")
    step("create_subnet")
    subnet = conn.create_subnet(network.id, cidr="10.77.0.0/24", ip_version=4, subnet_name=PREFIX + "-subnet",
                                enable_dhcp=True)
    assert subnet.cidr == "10.77.0.0/24", subnet
    step("create_router")
    router = conn.create_router(PREFIX + "-router", ext_gateway_net_id=external.id)
    assert router.external_gateway_info["network_id"] == external.id, router
    conn.add_router_interface(router, subnet_id=subnet.id)

    step("create_security_group")
    group = conn.create_security_group(PREFIX + "-sg", "made by openstacksdk")
    conn.create_security_group_rule(group.id, port_range_min=80, port_range_max=80, protocol="tcp",
                                    direction="ingress", remote_ip_prefix="0.0.0.0/0")
    step("create_keypair")
    keypair = conn.create_keypair(PREFIX + "-key")
    assert keypair.private_key and keypair.public_key.startswith("ssh-"), keypair

    step("create_volume")
    volume = conn.create_volume(size=1, name=PREFIX + "-vol", wait=True, timeout=TIMEOUT)
    assert volume.status == "available", volume

    step("create_server")
    server = conn.create_server(PREFIX + "-vm", image=os.environ["LC_IMAGE"], flavor=os.environ["LC_FLAVOR"],
                                network=network.id, key_name=keypair.name, security_groups=[group.name],
                                wait=True, auto_ip=True, timeout=TIMEOUT)
    assert server.status == "ACTIVE", server
    assert server.public_v4, "auto_ip gave the server no floating IP: %s" % (server.addresses,)

    step("attach_volume")
    attachment = conn.attach_volume(server, volume, wait=True, timeout=TIMEOUT)
    assert attachment.volume_id == volume.id, attachment
    assert conn.get_volume(volume.id).status == "in-use"

    step("get_server")
    shown = conn.get_server(server.id)
    addresses = shown.addresses[network.name]
    kinds = sorted(address["OS-EXT-IPS:type"] for address in addresses)
    assert kinds == ["fixed", "floating"], addresses
    assert shown.public_v4 == server.public_v4 and shown.private_v4.startswith("10.77.0."), shown
    assert [v["id"] for v in shown.attached_volumes] == [volume.id], shown.attached_volumes
    print("SDK-ADDRESSES private=%s public=%s" % (shown.private_v4, shown.public_v4), flush=True)

    step("detach_volume")
    conn.detach_volume(server, conn.get_volume(volume.id), wait=True, timeout=TIMEOUT)
    step("delete_server")
    assert conn.delete_server(server.id, wait=True, timeout=TIMEOUT, delete_ips=True)
    assert not [ip for ip in conn.list_floating_ips() if ip.floating_ip_address == server.public_v4]
    step("delete_volume")
    assert conn.delete_volume(volume.id, wait=True, timeout=TIMEOUT)
    step("delete_keypair")
    assert conn.delete_keypair(keypair.name)
    step("delete_security_group")
    assert conn.delete_security_group(group.id)
    step("delete_router")
    conn.remove_router_interface(router, subnet_id=subnet.id)
    assert conn.delete_router(router.id)
    step("delete_subnet")
    assert conn.delete_subnet(subnet.id)
    step("delete_network")
    assert conn.delete_network(network.id)
    assert conn.get_network(network.id) is None
    print("SDK-OK", flush=True)


if __name__ == "__main__":
    openstack.enable_logging(debug=os.environ.get("LC_DEBUG") == "1", stream=sys.stderr,
                             http_debug=os.environ.get("LC_DEBUG") == "1")
    main()
