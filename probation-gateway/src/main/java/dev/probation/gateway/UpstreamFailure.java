package dev.probation.gateway;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * A short, fixed description of why talking to the upstream failed. Jetty's exception messages
 * carry a dump of the connection (object ids, local and remote ports, parser state) that must
 * reach neither the client nor the record, so only the kind of failure is kept.
 */
final class UpstreamFailure {

    private UpstreamFailure() {
    }

    static String describe(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(Locale.ROOT);
            if (cause instanceof ConnectException) {
                return "connection refused";
            }
            if (cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException) {
                return "unknown host";
            }
            if (cause instanceof NoRouteToHostException) {
                return "no route to host";
            }
            if (cause instanceof SSLException) {
                return "TLS failure";
            }
            if (message.contains("connection reset")) {
                return "connection reset";
            }
            if (cause instanceof SocketException && message.contains("broken pipe")) {
                return "connection closed while sending";
            }
            if (cause instanceof EOFException || cause instanceof ClosedChannelException) {
                return "connection closed early";
            }
            if (cause instanceof org.eclipse.jetty.client.HttpResponseException) {
                return "invalid HTTP answer";
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }
}
