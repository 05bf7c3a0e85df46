package dev.bulkexport.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A client program run to its end as a user would run it: exit status, stdout and stderr. */
record ClientProcess(int exitCode, String stdout, String stderr) {

    static ClientProcess run(Path workDir, Map<String, String> env, List<String> command) throws IOException,
            InterruptedException {
        Path out = Files.createTempFile(workDir, "stdout", ".txt");
        Path err = Files.createTempFile(workDir, "stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("BULK_EXPORT_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within 5 minutes; stderr: " + Files.readString(err));
        }
        ClientProcess result = new ClientProcess(process.exitValue(), Files.readString(out), Files.readString(err));
        System.out.println("[clients] " + String.join(" ", command) + " -> exit " + result.exitCode()
                + "\n" + result.stderr().indent(4));
        return result;
    }
}
