package dev.probation.cli;

import dev.probation.detect.Verdict;
import dev.probation.run.Attempt;
import dev.probation.run.AuditListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Progress on stderr: done/total, rate, ETA and errors. On a terminal it redraws one line at most
 * ten times a second; elsewhere (CI logs, pipes) it prints a line every 10% or every 15 seconds.
 */
final class ProgressBar implements AuditListener {

    private static final int WIDTH = 28;

    private final PrintWriter err;
    private final boolean interactive;
    private final String label;
    private final String unit;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger errors = new AtomicInteger();
    private volatile int total;
    private volatile int resumed;
    private long startNanos;
    private long lastDraw;
    private int lastDecile = -1;
    private int lastPrinted = -1;
    private String lastError = "";
    private volatile String detail = "";

    ProgressBar(PrintWriter err, boolean interactive, String label) {
        this(err, interactive, label, "calls");
    }

    /** @param unit what is counted, for the rate ("calls", "audits") */
    ProgressBar(PrintWriter err, boolean interactive, String label, String unit) {
        this.err = err;
        this.interactive = interactive;
        this.label = label;
        this.unit = unit;
    }

    static boolean interactiveTerminal() {
        return System.console() != null && System.getenv("CI") == null && !"dumb".equals(System.getenv("TERM"));
    }

    /** For several audits under one bar: adds their attempts to the total. */
    synchronized void expect(int attempts) {
        total += attempts;
    }

    @Override
    public synchronized void started(int total, int done, int judgeCalls) {
        boolean first = startNanos == 0;
        if (first) {
            startNanos = System.nanoTime();
        }
        if (this.total == 0) {
            this.total = total;
        }
        this.resumed += done;
        this.done.addAndGet(done);
        draw(first);
    }

    @Override
    public void finished(Attempt attempt, Verdict verdict) {
        step(attempt.succeeded() ? null : attempt.error());
    }

    /** One more unit done; {@code error} is its failure, or null. */
    void step(String error) {
        done.incrementAndGet();
        if (error != null) {
            errors.incrementAndGet();
            synchronized (this) {
                lastError = error;
            }
        }
        draw(false);
    }

    @Override
    public void completed() {
        draw(true);
    }

    /** A figure shown at the end of the line, e.g. the training loss. */
    void detail(String text) {
        detail = text;
    }

    /** Ends the bar's line on a terminal. */
    synchronized void close() {
        if (interactive) {
            err.println();
            err.flush();
        }
    }

    private synchronized void draw(boolean force) {
        long now = System.nanoTime();
        int finished = done.get();
        int all = Math.max(total, 1);
        int decile = finished * 10 / all;
        if (interactive) {
            if (!force && now - lastDraw < 100_000_000L && finished < total) {
                return;
            }
        } else if (!force && decile == lastDecile && now - lastDraw < 15_000_000_000L
                || force && finished == lastPrinted && finished == total) {
            return; // in a log, the final line is printed once
        }
        lastPrinted = finished;
        lastDraw = now;
        lastDecile = decile;
        double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
        int fresh = finished - resumed;
        double rate = fresh / seconds;
        String eta = rate > 0 && finished < total ? format(Duration.ofSeconds((long) ((total - finished) / rate))) : "--:--";
        int filled = (int) Math.round(WIDTH * (double) finished / all);
        String line = String.format(Locale.ROOT, "%s [%s%s] %d/%d %3d%%  %.1f %s/s  ETA %s  errors %d", label,
                "█".repeat(filled), "░".repeat(WIDTH - filled), finished, total, 100 * finished / all, rate, unit, eta, errors.get());
        if (!detail.isEmpty()) {
            line += "  " + detail;
        }
        if (errors.get() > 0 && !lastError.isEmpty()) {
            line += "  (last: " + abbreviate(lastError) + ")";
        }
        if (interactive) {
            err.print("\r\033[2K" + line);
        } else {
            err.println(line);
        }
        err.flush();
    }

    private static String abbreviate(String text) {
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() <= 60 ? flat : flat.substring(0, 60) + "…";
    }

    private static String format(Duration duration) {
        long s = duration.toSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
