package dev.probation.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server that accepts connections, reads the start of the request and resets the connection
 * (TCP RST), like a crashed proxy or a load balancer dropping traffic.
 */
public final class ResettingServer implements AutoCloseable {

    private final ServerSocket socket;
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;

    private ResettingServer(ServerSocket socket) {
        this.socket = socket;
        this.acceptor = Thread.ofVirtual().start(this::acceptLoop);
    }

    public static ResettingServer start() {
        try {
            return new ResettingServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
    }

    public int connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                connections.incrementAndGet();
                InputStream in = client.getInputStream();
                byte[] buffer = new byte[1024];
                int read = in.read(buffer); // wait for the request to start
                if (read >= 0) {
                    client.setSoLinger(true, 0); // close with RST instead of FIN
                }
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
            acceptor.join(1000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
