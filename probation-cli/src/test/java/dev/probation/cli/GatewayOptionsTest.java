package dev.probation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The gateway's size and limit options: units are read, bad values are one-line usage errors. */
class GatewayOptionsTest {

    @Test
    void sizesTakeUnits() {
        ByteSize size = new ByteSize();
        assertThat(size.convert("1048576")).isEqualTo(1L << 20);
        assertThat(size.convert("512KiB")).isEqualTo(512L << 10);
        assertThat(size.convert("64mib")).isEqualTo(64L << 20);
        assertThat(size.convert("2 GiB")).isEqualTo(2L << 30);
        assertThat(size.convert("3m")).isEqualTo(3L << 20);
    }

    @Test
    void badLimitsAreUsageErrors() {
        Cli size = Cli.run("gateway", "--upstream", "http://127.0.0.1:9/v1", "--capture-memory", "12XB");
        assertThat(size.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(size.err()).contains("--capture-memory").contains("'12XB' is not a size");
        Cli timeout = Cli.run("gateway", "--upstream", "http://127.0.0.1:9/v1", "--header-timeout", "0",
                "--admin-token", "admin-token-0123456789");
        assertThat(timeout.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(timeout.err()).contains("--header-timeout must be at least 1 second");
        Cli limit = Cli.run("gateway", "--upstream", "http://127.0.0.1:9/v1", "--capture-limit", "4GiB",
                "--admin-token", "admin-token-0123456789");
        assertThat(limit.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(limit.err()).contains("--capture-limit must be below 2GiB");
    }
}
