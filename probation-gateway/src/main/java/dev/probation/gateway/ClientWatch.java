package dev.probation.gateway;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a client that leaves while its call waits on the upstream. Jetty reads a connection only
 * when it wants the next request, so a client that closes or resets it mid-call goes unseen until
 * the answer is written, and a short answer then "succeeds" into the kernel's buffer. Once a
 * request has been read whole, its client has nothing more to send; so its socket, watched on a
 * selector of our own, turns readable only when the client closed it (or pipelines a next request,
 * which the byte count tells apart without reading it: Jetty still gets every byte).
 */
final class ClientWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClientWatch.class);

    private final Selector selector;
    private final Queue<Watch> added = new ConcurrentLinkedQueue<>();
    private final Queue<Watch> removed = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    ClientWatch() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        thread = Thread.ofPlatform().name("probation-client-watch").daemon().start(this::run);
    }

    /**
     * Watches the client of a request whose body has been read whole; {@code gone} runs once, on
     * the watcher's thread, if the client leaves before the watch is closed.
     */
    Watch watch(HttpServletRequest request, Runnable gone) {
        Watch watch = new Watch(channel(request), gone);
        if (watch.channel != null) {
            added.add(watch);
            selector.wakeup();
        }
        return watch;
    }

    private static SocketChannel channel(HttpServletRequest request) {
        try {
            Object transport = ServletContextRequest.getServletContextRequest(request).getConnectionMetaData()
                    .getConnection().getEndPoint().getTransport();
            return transport instanceof SocketChannel channel ? channel : null;
        } catch (RuntimeException e) {
            return null; // not a plain socket (a test's mock, another transport): not watched
        }
    }

    private void run() {
        while (running) {
            try {
                for (Watch watch; (watch = removed.poll()) != null; ) {
                    if (watch.key != null && watch.key.attachment() == watch) {
                        watch.key.cancel(); // (a key taken over by the connection's next call stays)
                    }
                }
                selector.selectNow(); // a cancelled key must leave before its channel can be watched again
                for (Watch watch; (watch = added.poll()) != null; ) {
                    register(watch);
                }
                selector.select(1000);
                for (SelectionKey key : selector.selectedKeys()) {
                    Watch watch = (Watch) key.attachment();
                    key.cancel();
                    watch.check();
                }
                selector.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                LOG.warn("the client watch failed; it goes on: {}", e.toString());
            }
        }
    }

    private void register(Watch watch) {
        synchronized (watch) {
            if (watch.closed) {
                return;
            }
            try {
                watch.key = watch.channel.register(selector, SelectionKey.OP_READ, watch);
            } catch (ClosedChannelException e) {
                watch.leave(); // closed before we could look: the client is gone
            } catch (RuntimeException e) {
                // still registered from the connection's previous request; not watched this time
            }
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(2000);
            selector.close();
        } catch (IOException e) {
            // nothing left to release
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One watched call; close it when the call is over. */
    final class Watch implements AutoCloseable {
        private final SocketChannel channel;
        private final Runnable gone;
        private SelectionKey key;
        private volatile boolean closed;
        private volatile boolean left;

        private Watch(SocketChannel channel, Runnable gone) {
            this.channel = channel;
            this.gone = gone;
        }

        /** True once the client was seen leaving. */
        boolean clientLeft() {
            return left;
        }

        /** Readable: bytes waiting mean a pipelined request (left alone); none mean the client closed. */
        private void check() {
            if (closed) {
                return;
            }
            int waiting;
            try {
                waiting = channel.socket().getInputStream().available();
            } catch (IOException e) {
                waiting = -1; // reset
            }
            if (waiting <= 0) {
                leave();
            }
        }

        private void leave() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                left = true;
            }
            gone.run();
        }

        @Override
        public void close() {
            synchronized (this) {
                closed = true;
            }
            if (channel != null) {
                removed.add(this);
                selector.wakeup();
            }
        }
    }
}
