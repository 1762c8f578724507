package dev.probation.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Checks that a port is free before a server starts on it, so that a taken port is reported in one
 * line of ours instead of after the web server's own error log.
 */
final class Ports {

    private Ports() {}

    /**
     * @throws UncheckedIOException with a {@link BindException} when something already listens on
     *     {@code host:port}; other failures are left for the server's own start to report
     */
    static void requireFree(String host, int port) {
        if (port == 0) {
            return; // any free port
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // as Jetty binds: a port in TIME_WAIT is free
            probe.bind(new InetSocketAddress(host, port));
        } catch (BindException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": the port is already in use", e);
        } catch (IOException | RuntimeException e) {
            // an unknown host and the like: the server's start says what is wrong
        }
    }
}
