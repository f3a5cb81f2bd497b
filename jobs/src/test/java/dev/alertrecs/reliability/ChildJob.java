package dev.alertrecs.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code alert-recs} in a child JVM the way the local launcher does (spark-core's SparkSubmit,
 * {@code spark-internal} as the primary resource since the classes are on the classpath), with the
 * test JVM's classpath and {@code --add-opens} flags, a chosen master and heap. Its stdout and
 * stderr go to files, so a test can read them while it runs (to kill it at a named point) and grep
 * them afterwards.
 */
final class ChildJob {
  /** How a child run ended. */
  record Outcome(int exitCode, String stdout, String stderr, Duration took) {
    /** The lines the job itself printed on stderr (its one-line errors and fault notices). */
    List<String> jobLines() {
      return stderr.lines().filter(l -> l.startsWith("alert-recs:")).toList();
    }

    String all() {
      return stdout + "\n" + stderr;
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + tail(stdout) + "\n--- stderr\n" + tail(stderr);
    }

    private static String tail(String text) {
      return text.length() <= 4000 ? text : "…" + text.substring(text.length() - 4000);
    }
  }

  private final Path workDir;
  private String master = "local[2]";
  private String heap = "1g";
  private final Map<String, String> environment = new LinkedHashMap<>();

  ChildJob(Path workDir) {
    this.workDir = workDir;
  }

  ChildJob master(String value) {
    master = value;
    return this;
  }

  ChildJob heap(String value) {
    heap = value;
    return this;
  }

  ChildJob env(String key, String value) {
    environment.put(key, value);
    return this;
  }

  /** Starts {@code alert-recs <args>}; output goes to files named by {@code label}. */
  Running start(String label, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (flag.startsWith("--add-opens") || flag.startsWith("-Djdk.reflect")) {
        command.add(flag);
      }
    }
    Path log4j = Path.of("..", "conf", "log4j2-local.properties").toAbsolutePath().normalize();
    command.add("-Dlog4j2.configurationFile=" + log4j);
    command.add("-cp");
    command.add(
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    command.add("org.apache.spark.deploy.SparkSubmit");
    command.addAll(
        List.of(
            "--master",
            master,
            "--conf",
            "spark.driver.host=127.0.0.1",
            "--conf",
            "spark.driver.bindAddress=127.0.0.1",
            "--conf",
            "spark.ui.enabled=false",
            "--conf",
            "spark.ui.showConsoleProgress=false",
            "--class",
            "dev.alertrecs.AlertRecs",
            "spark-internal"));
    command.addAll(List.of(args));
    try {
      Files.createDirectories(workDir);
      Path out = workDir.resolve(label + ".stdout");
      Path err = workDir.resolve(label + ".stderr");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .directory(workDir.toFile());
      builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
      builder.environment().putAll(environment);
      return new Running(builder.start(), out, err, System.nanoTime());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs to the end (or kills it after {@code timeout} and fails). */
  Outcome run(Duration timeout, String label, String... args) {
    return start(label, args).await(timeout);
  }

  /** A child run in progress. */
  record Running(Process process, Path out, Path err, long startedNanos) {
    Outcome await(Duration timeout) {
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
          throw new AssertionError(
              "child job did not finish within " + timeout + "\n" + outcome(-1));
        }
        return outcome(process.exitValue());
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }

    /** Waits until stderr has a line containing {@code text}; fails if the child ends first. */
    void awaitStderr(String text, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        if (read(err).contains(text)) {
          return;
        }
        if (!process.isAlive()) {
          throw new AssertionError(
              "child ended before printing '" + text + "'\n" + outcome(process.exitValue()));
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted", e);
        }
      }
      process.destroyForcibly();
      throw new AssertionError("child did not print '" + text + "' within " + timeout);
    }

    /** kill -9: no shutdown hook, no finally block runs. */
    Outcome kill() {
      try {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return outcome(process.exitValue());
    }

    private Outcome outcome(int code) {
      return new Outcome(
          code, read(out), read(err), Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    private static String read(Path file) {
      try {
        return Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    }
  }
}
