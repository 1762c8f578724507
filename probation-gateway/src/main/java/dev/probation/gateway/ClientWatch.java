package dev.probation.gateway;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
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
 *
 * <p>A call is watched only once it has waited {@link #DELAY}: a client that left sooner is seen
 * then, and the many calls that end sooner never touch the selector.
 */
final class ClientWatch implements AutoCloseable {

    static final Duration DELAY = Duration.ofMillis(100);
    private static final Logger LOG = LoggerFactory.getLogger(ClientWatch.class);

    private final Selector selector;
    /** Calls to watch once due, in the order they came (so in order of due time). */
    private final Queue<Watch> waiting = new ConcurrentLinkedQueue<>();
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
        Watch watch = new Watch(channel(request), gone, System.nanoTime() + DELAY.toNanos());
        if (watch.channel != null) {
            waiting.add(watch);
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
                long now = System.nanoTime();
                for (Watch next; (next = waiting.peek()) != null && (next.closed || next.due - now <= 0); ) {
                    register(waiting.poll());
                }
                selector.select(DELAY.toMillis());
                for (SelectionKey key : selector.selectedKeys()) {
                    key.cancel();
                    ((Watch) key.attachment()).check();
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
                watch.closed = true;
                watch.left = true; // closed before we could look: the client is gone
            } catch (RuntimeException e) {
                return; // still registered from the connection's previous call; not watched this time
            }
        }
        if (watch.left) {
            watch.gone.run();
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
        private final long due;
        private SelectionKey key;
        private volatile boolean closed;
        private volatile boolean left;

        private Watch(SocketChannel channel, Runnable gone, long due) {
            this.channel = channel;
            this.gone = gone;
            this.due = due;
        }

        /** True once the client was seen leaving. */
        boolean clientLeft() {
            return left;
        }

        /** Readable: bytes waiting mean a pipelined request (left alone); none mean the client closed. */
        private void check() {
            int waiting;
            try {
                waiting = channel.socket().getInputStream().available();
            } catch (IOException e) {
                waiting = -1; // reset
            }
            if (waiting > 0) {
                return;
            }
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
            boolean registered;
            synchronized (this) {
                closed = true;
                registered = key != null;
            }
            if (registered) {
                removed.add(this);
                selector.wakeup();
            }
        }
    }
}
