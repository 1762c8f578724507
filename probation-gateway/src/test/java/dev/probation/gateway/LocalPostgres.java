package dev.probation.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server from Debian's {@code postgresql} package, in a temporary folder on
 * a free loopback port; it can be stopped and started again to take the database away for real.
 * PostgreSQL refuses to run as root, so under root it runs as the {@code postgres} user.
 */
final class LocalPostgres implements AutoCloseable {

    private final Path bin;
    private final Path data;
    private final int port;
    private final boolean root;
    private boolean paused;

    private LocalPostgres(Path bin, Path data, int port, boolean root) {
        this.bin = bin;
        this.data = data;
        this.port = port;
        this.root = root;
    }

    static LocalPostgres start() throws Exception {
        Path bin = binaries();
        Path data = Files.createTempDirectory("probation-pg");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            run(List.of("chown", "-R", "postgres:postgres", data.toString()), false);
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        LocalPostgres postgres = new LocalPostgres(bin, data, port, root);
        run(List.of(bin.resolve("initdb").toString(), "-D", data.resolve("db").toString(), "-U", "probation",
                "--auth=trust", "-E", "UTF8", "--no-sync"), root);
        postgres.up();
        run(List.of(bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", "probation",
                "gateway"), root);
        return postgres;
    }

    String jdbcUrl() {
        return jdbcUrl("gateway");
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=probation&connectTimeout=2&socketTimeout=10";
    }

    /** The URL as a user would write it: without the driver's timeouts, so the gateway's defaults apply. */
    String plainJdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=probation";
    }

    /**
     * Freezes the server and every backend with SIGSTOP, the way a hung host or a dead network path
     * looks to a client: connections stay open and nothing answers. Each of the server's children
     * runs in a session of its own, so they are signalled one by one, the server first so that it
     * starts no more.
     */
    void pause() throws Exception {
        signal("STOP");
        paused = true;
    }

    void resume() throws Exception {
        signal("CONT");
        paused = false;
    }

    private void signal(String signal) throws Exception {
        long server = Long.parseLong(Files.readAllLines(data.resolve("db/postmaster.pid")).getFirst().strip());
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal, String.valueOf(server)));
        ProcessHandle.of(server).orElseThrow().children().forEach(child -> command.add(String.valueOf(child.pid())));
        run(command, false);
    }

    /** Another empty database on the same server, for a test of its own. */
    String createDatabase(String database) throws Exception {
        run(List.of(bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", "probation",
                database), root);
        return jdbcUrl(database);
    }

    void up() throws Exception {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.resolve("db").toString(), "-w", "-l",
                data.resolve("server.log").toString(), "-o", "-p " + port + " -k " + data + " -c listen_addresses=127.0.0.1"
                        + " -c fsync=off", "start"), root);
    }

    /** Stops the server at once, cutting every connection, the way a crash or a failover does. */
    void down() throws Exception {
        if (paused) {
            resume(); // a stopped server would not see pg_ctl's signal
        }
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.resolve("db").toString(), "-w", "-m", "immediate",
                "stop"), root);
    }

    @Override
    public void close() throws Exception {
        try {
            down();
        } finally {
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Path binaries() throws IOException {
        String configured = System.getenv("PROBATION_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                var newest = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparing(p -> Integer.parseInt(p.getParent().getFileName().toString().replaceAll("\\D", "0"))));
                if (newest.isPresent()) {
                    return newest.get();
                }
            }
        }
        throw new AssertionError("PostgreSQL is needed for this test: ./build installs Debian's postgresql, or set PROBATION_PG_BIN");
    }

    private static void run(List<String> command, boolean asPostgres) throws Exception {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Path log = Files.createTempFile("pg", ".log");
        Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile())
                .directory(Path.of("/tmp").toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", full) + " failed:\n" + Files.readString(log));
        }
        Files.deleteIfExists(log);
    }
}
