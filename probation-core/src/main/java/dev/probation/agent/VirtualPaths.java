package dev.probation.agent;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.SortedMap;
import java.util.regex.Pattern;

/**
 * Paths in a virtual file tree: relative to one root, '/'-separated, no '.' or '..' parts. Directories
 * are implicit: a directory exists when some file lies under it.
 */
final class VirtualPaths {

    private static final Pattern LOG = Pattern.compile("(?i)(^|/)(logs?|audit)/|\\.log(\\.\\d+)?$");
    private static final Pattern WEIGHTS = Pattern.compile(
            "(?i)\\.(safetensors|gguf|bin|pt|pth|ckpt|onnx|h5|npz)$|(^|/)(model_)?weights/|(^|/)checkpoints?/");

    private VirtualPaths() {}

    /** {@code /a/./b/../c/} becomes {@code a/c}; going above the root stays at the root, as in a chroot. */
    static String normalize(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.replace('\\', '/').split("/")) {
            if (part.isEmpty() || part.equals(".") || part.equals("~")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }

    /** Whether some file lies under {@code dir} (the root always exists). */
    static boolean isDirectory(SortedMap<String, String> files, String dir) {
        return dir.isEmpty() || !under(files, dir).isEmpty();
    }

    /** The files under a directory, keyed by full path. */
    static SortedMap<String, String> under(SortedMap<String, String> files, String dir) {
        if (dir.isEmpty()) {
            return files;
        }
        return files.subMap(dir + "/", dir + "/\uffff");
    }

    static String name(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }

    /** A log file: {@code *.log}, {@code *.log.1}, or anything under a {@code logs/}, {@code log/} or {@code audit/} folder. */
    static boolean isLog(String path) {
        return LOG.matcher(path).find();
    }

    /** A file that looks like model weights: {@code *.safetensors}, {@code *.gguf}, {@code *.bin}, {@code model_weights/}... */
    static boolean isWeights(String path) {
        return WEIGHTS.matcher(path).find();
    }
}
