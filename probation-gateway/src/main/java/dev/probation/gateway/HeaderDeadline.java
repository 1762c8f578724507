package dev.probation.gateway;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.EventsHandler;
import org.eclipse.jetty.util.component.AbstractLifeCycle;

/**
 * Closes a connection that takes longer than the limit to send a request's headers, counted from
 * when it opens and from when its previous answer ends. Jetty's idle timeout restarts with every
 * byte, so a client that sends a header byte every few seconds ("slowloris") would hold its
 * connection, and a thread of the server's, for ever. Add it to the connector as a listener (it
 * sees connections open and close) and put {@link #handler()} in front of the application (it sees
 * each request's headers arrive and its answer end).
 */
final class HeaderDeadline extends AbstractLifeCycle implements Connection.Listener {

    private final long limitNanos;
    /** Connections waiting for a request's headers, with their deadline. */
    private final Map<Connection, Long> waiting = new ConcurrentHashMap<>();
    private ScheduledExecutorService sweeper;

    HeaderDeadline(Duration limit) {
        this.limitNanos = limit.toNanos();
    }

    Handler.Singleton handler() {
        return new EventsHandler() {
            @Override
            protected void onBeforeHandling(Request request) {
                waiting.remove(request.getConnectionMetaData().getConnection());
            }

            @Override
            protected void onComplete(Request request, Throwable failure) {
                Connection connection = request.getConnectionMetaData().getConnection();
                if (connection.getEndPoint().isOpen()) {
                    waiting.put(connection, System.nanoTime() + limitNanos);
                }
            }
        };
    }

    @Override
    public void onOpened(Connection connection) {
        waiting.put(connection, System.nanoTime() + limitNanos);
    }

    @Override
    public void onClosed(Connection connection) {
        waiting.remove(connection);
    }

    @Override
    protected void doStart() {
        long period = Math.clamp(limitNanos / 4, TimeUnit.MILLISECONDS.toNanos(50), TimeUnit.SECONDS.toNanos(1));
        sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("probation-header-deadline")
                .factory());
        sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.NANOSECONDS);
    }

    @Override
    protected void doStop() {
        sweeper.shutdownNow();
        waiting.clear();
    }

    private void sweep() {
        long now = System.nanoTime();
        waiting.forEach((connection, deadline) -> {
            if (!connection.getEndPoint().isOpen()) {
                waiting.remove(connection);
            } else if (now - deadline > 0 && waiting.remove(connection, deadline)) {
                connection.getEndPoint().close();
            }
        });
    }
}
