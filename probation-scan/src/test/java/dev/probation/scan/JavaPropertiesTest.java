package dev.probation.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Algorithms read from the project's own .properties files: a real project laid out on disk (build
 * file, src/main/resources, a class that loads the resource), scanned as a file the way the CLI does.
 */
class JavaPropertiesTest {

    private final CodeScanner scanner = new CodeScanner();

    @TempDir
    Path project;

    /** A class in the project that loads {@code resource} into {@code settings} and runs the body. */
    private Path source(String resource, String body) throws IOException {
        Files.writeString(project.resolve("pom.xml"), "<project/>\n");
        Path file = project.resolve("src/main/java/shop/Vault.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                package shop;

                class Vault {
                    byte[] seal(byte[] data) throws Exception {
                        java.util.Properties settings = new java.util.Properties();
                        settings.load(getClass().getClassLoader().getResourceAsStream("%s"));
                %s
                    }
                }
                """.formatted(resource, body.indent(8)));
        return file;
    }

    private void resources(String name, String text) throws IOException {
        Path file = project.resolve("src/main/resources").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private List<Finding> scan(Path file) {
        return scanner.scanFile(file, Optional.empty()).findings();
    }

    private static final String CIPHER = """
            String transformation = settings.getProperty("vault.cipher", "AES/GCM/NoPadding");
            javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance(transformation);
            return cipher.doFinal(data);""";

    @Test
    void aWeakCipherConfiguredInTheProjectIsFoundThoughTheDefaultIsStrong() throws IOException {
        resources("vault.properties", "# ciphers\nvault.cipher = DESede/ECB/PKCS5Padding\n");
        List<Finding> findings = scan(source("vault.properties", CIPHER));
        assertThat(findings).extracting(Finding::cwe).containsExactly("CWE-327");
        assertThat(findings.getFirst().message()).contains("DESede/ECB/PKCS5Padding").contains("'vault.cipher' in ").contains("vault.properties");
    }

    @Test
    void aStrongCipherConfiguredInTheProjectWinsOverAWeakDefault() throws IOException {
        resources("vault.properties", "vault.cipher=AES/GCM/NoPadding\n");
        assertThat(scan(source("vault.properties", CIPHER.replace("\"AES/GCM/NoPadding\"", "\"AES/ECB/PKCS5Padding\"")))).isEmpty();
    }

    @Test
    void withoutTheFileTheDefaultInTheCodeDecides() throws IOException {
        Path file = source("vault.properties", CIPHER.replace("\"AES/GCM/NoPadding\"", "\"DES/CBC/PKCS5Padding\""));
        assertThat(scan(file)).extracting(Finding::message).singleElement().asString().contains("the default of 'vault.cipher'");
        resources("vault.properties", "other.key=1\n");
        assertThat(scan(file)).as("the key is missing from the file").extracting(Finding::cwe).containsExactly("CWE-327");
    }

    @Test
    void aWeakDigestConfiguredInTheProjectIsFound() throws IOException {
        resources("conf/app.properties", "vault.digest=MD5\n");
        Path file = source("conf/app.properties", """
                String name = settings.getProperty("vault.digest", "SHA-512");
                java.security.MessageDigest md = java.security.MessageDigest.getInstance(name);
                return md.digest(data);""");
        assertThat(scan(file)).extracting(Finding::cwe).containsExactly("CWE-328");
        resources("conf/app.properties", "vault.digest=SHA-256\n");
        assertThat(scan(file)).isEmpty();
    }

    @Test
    void codeNotOnDiskHasOnlyItsDefault() throws IOException {
        resources("vault.properties", "vault.cipher=RC4\n");
        String code = Files.readString(source("vault.properties", CIPHER));
        assertThat(scanner.scanCode(code, Language.JAVA, "Vault.java").findings()).isEmpty();
    }

    @Test
    void aResourceNameCannotReachOutsideTheProject(@TempDir Path elsewhere) throws IOException {
        Files.writeString(elsewhere.resolve("leak.properties"), "vault.cipher=RC4\n");
        String outside = project.relativize(elsewhere.resolve("leak.properties")).toString();
        assertThat(JavaProperties.locate(source(outside, CIPHER).toString(), outside)).isNull();
        assertThat(scan(source(outside, CIPHER))).isEmpty();
    }

    @Test
    void aVariableAssignedTwiceIsNotGuessed() throws IOException {
        resources("vault.properties", "vault.cipher=DES\n");
        assertThat(scan(source("vault.properties", """
                String transformation = settings.getProperty("vault.cipher", "AES/GCM/NoPadding");
                if (data.length > 16) transformation = "AES/GCM/NoPadding";
                return javax.crypto.Cipher.getInstance(transformation).doFinal(data);""")))
                .isEmpty();
    }

    @Test
    void staticFactoriesCountWithTheirQualifiedNames() {
        String code = """
                class Keys {
                    Object keys() throws Exception {
                        javax.crypto.SecretKey key = javax.crypto.KeyGenerator.getInstance("DES").generateKey();
                        return java.security.Signature.getInstance("SHA1withRSA");
                    }
                }""";
        assertThat(scanner.scanCode(code, Language.JAVA, "Keys.java").findings()).extracting(Finding::cwe)
                .containsExactly("CWE-327", "CWE-328");
    }
}
