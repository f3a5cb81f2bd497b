package dev.alertrecs.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * A real S3 API server for tests: s3proxy (in-memory "transient" store) in a child JVM on a free
 * loopback port. A child process, not a library on the test classpath, because s3proxy's Jetty,
 * Jackson and Guava clash with Spark's.
 *
 * <p>The jar is copied to {@code target/s3proxy/s3proxy.jar} by the maven-dependency-plugin in
 * process-test-resources (surefire passes its path as the {@code s3proxy.jar} system property); the
 * server's output goes to {@code target/s3proxy/logs/}. Start one per test class in
 * {@code @BeforeAll} and close it in {@code @AfterAll}; startup takes one to two seconds.
 */
public final class S3ProxyServer implements AutoCloseable {

  public static final String REGION = "us-east-1";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final String ACCESS_KEY = "s3proxy-test-access";

  private final int port;
  private final String secretKey;
  private final Path workDir;
  private final Path logFile;
  private final Process process;
  private final Thread killOnExit;
  private S3Client client;

  private S3ProxyServer(
      int port, String secretKey, Path workDir, Path logFile, Process process, Thread killOnExit) {
    this.port = port;
    this.secretKey = secretKey;
    this.workDir = workDir;
    this.logFile = logFile;
    this.process = process;
    this.killOnExit = killOnExit;
  }

  /** Starts the server and waits until it answers; fails with the log's tail if it does not. */
  public static S3ProxyServer start() {
    Path jar = Path.of(System.getProperty("s3proxy.jar", "target/s3proxy/s3proxy.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "s3proxy jar not found at "
              + jar.toAbsolutePath()
              + "; run `mvn process-test-resources` (maven-dependency-plugin copies it)");
    }
    try {
      int port = freePort();
      // a fresh secret per server, so tests can check that no message ever contains it
      String secretKey = "s3proxy-secret-" + UUID.randomUUID();
      Path workDir = Files.createTempDirectory("s3proxy-");
      Path properties = workDir.resolve("s3proxy.properties");
      writeProperties(properties, port, secretKey);
      Path logDir = jar.toAbsolutePath().getParent().resolve("logs");
      Files.createDirectories(logDir);
      Path logFile = logDir.resolve("s3proxy-" + port + ".log");

      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder builder =
          new ProcessBuilder(
                  java,
                  "-Xmx256m",
                  "-XX:+UseSerialGC",
                  // a test server lives seconds: quick startup beats peak speed
                  "-XX:TieredStopAtLevel=1",
                  "-jar",
                  jar.toAbsolutePath().toString(),
                  "--properties",
                  properties.toString())
              .redirectErrorStream(true)
              .redirectOutput(logFile.toFile());
      Process process = builder.start();
      Thread killOnExit = new Thread(process::destroyForcibly, "s3proxy-" + port + "-kill");
      Runtime.getRuntime().addShutdownHook(killOnExit);
      S3ProxyServer server =
          new S3ProxyServer(port, secretKey, workDir, logFile, process, killOnExit);
      try {
        server.awaitReady();
      } catch (RuntimeException e) {
        server.close();
        throw e;
      }
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start s3proxy", e);
    }
  }

  private static void writeProperties(Path file, int port, String secretKey) throws IOException {
    Properties props = new Properties();
    props.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
    props.setProperty("s3proxy.authorization", "aws-v2-or-v4");
    props.setProperty("s3proxy.identity", ACCESS_KEY);
    props.setProperty("s3proxy.credential", secretKey);
    // in memory: nothing to clean up, and no file-system quirks with "dir/" marker keys
    props.setProperty("jclouds.provider", "transient");
    props.setProperty("jclouds.identity", ACCESS_KEY);
    props.setProperty("jclouds.credential", secretKey);
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      props.store(out, "s3proxy for tests");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "s3proxy exited with code " + process.exitValue() + " before answering; " + logTail());
      }
      // Jetty opens the port only once the S3 handler is in place
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return;
      } catch (IOException notYet) {
        sleep(100);
      }
    }
    throw new IllegalStateException(
        "s3proxy did not answer on port " + port + " within " + START_TIMEOUT + "; " + logTail());
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return "last lines of "
          + logFile
          + ":\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "no log at " + logFile;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for s3proxy", e);
    }
  }

  /** Creates the bucket (3+ characters, s3proxy's rule as S3's); fine if it exists already. */
  public void createBucket(String name) {
    try {
      client().createBucket(r -> r.bucket(name));
    } catch (BucketAlreadyOwnedByYouException alreadyThere) {
      // idempotent on purpose: several test classes may share a bucket name
    }
  }

  /** An SDK client with this server's endpoint and keys, for test setup and inspection. */
  public synchronized S3Client client() {
    if (client == null) {
      client =
          S3Client.builder()
              .httpClient(UrlConnectionHttpClient.create())
              .endpointOverride(URI.create(endpoint()))
              .region(Region.of(REGION))
              .forcePathStyle(true)
              // plain bodies, as the job's own client sends them (see S3PutRequestShapeTest)
              .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
              .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
              .credentialsProvider(
                  StaticCredentialsProvider.create(
                      AwsBasicCredentials.create(accessKey(), secretKey())))
              .build();
    }
    return client;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public String accessKey() {
    return ACCESS_KEY;
  }

  public String secretKey() {
    return secretKey;
  }

  /**
   * The {@code spark.hadoop.fs.s3a.*} settings that point Spark's S3A connector (and {@link
   * S3ObjectStore#fromSettings}) at this server.
   */
  public Map<String, String> sparkConf() {
    Map<String, String> conf = new LinkedHashMap<>();
    hadoopConf().forEach((key, value) -> conf.put("spark.hadoop." + key, value));
    return conf;
  }

  /**
   * The same settings as {@link #sparkConf()} without the {@code spark.hadoop.} prefix, for a
   * session that already exists: {@code spark.sparkContext().hadoopConfiguration().set(k, v)}.
   */
  public Map<String, String> hadoopConf() {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("fs.s3a.endpoint", endpoint());
    conf.put("fs.s3a.endpoint.region", REGION);
    conf.put("fs.s3a.path.style.access", "true");
    conf.put("fs.s3a.connection.ssl.enabled", "false");
    conf.put("fs.s3a.access.key", accessKey());
    conf.put("fs.s3a.secret.key", secretKey());
    conf.put(
        "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    // each server has its own port and keys; a cached FileSystem would keep the last server's
    conf.put("fs.s3a.impl.disable.cache", "true");
    // a dead server should fail a test in seconds, not after S3A's minutes of retries
    conf.put("fs.s3a.attempts.maximum", "2");
    conf.put("fs.s3a.retry.limit", "2");
    conf.put("fs.s3a.connection.establish.timeout", "5000");
    conf.put("fs.s3a.connection.timeout", "30000");
    return conf;
  }

  /** Stops the server (its in-memory data goes with it). */
  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
    try (var files = Files.list(workDir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(workDir);
    } catch (IOException ignored) {
      // a leftover temp properties file is harmless
    }
  }
}
