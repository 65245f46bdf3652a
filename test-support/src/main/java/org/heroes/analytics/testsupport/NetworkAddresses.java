package org.heroes.analytics.testsupport;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Optional;

/** Addresses of this machine, for tests of what a service answers on which interface. */
public final class NetworkAddresses {

    private NetworkAddresses() {}

    /**
     * An IPv4 address of an interface that is up and is not the loopback, if this machine has one: a service bound to
     * 127.0.0.1 must not answer on it, and a connection to it from this machine comes from a non-loopback address.
     */
    public static Optional<InetAddress> nonLoopbackIpv4() {
        try {
            return NetworkInterface.networkInterfaces()
                    .filter(NetworkAddresses::isUp)
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(address -> address instanceof Inet4Address
                            && !address.isLoopbackAddress()
                            && !address.isLinkLocalAddress())
                    .findFirst();
        } catch (SocketException e) {
            throw new InfrastructureException("could not list the network interfaces", e);
        }
    }

    private static boolean isUp(NetworkInterface network) {
        try {
            return network.isUp() && !network.isLoopback();
        } catch (SocketException e) {
            throw new InfrastructureException("could not read the state of " + network.getName(), e);
        }
    }
}
