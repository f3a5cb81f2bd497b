package dev.alertrecs.io;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * {@link ObjectStore} on S3 (s3a://, s3:// and s3n:// URIs all name bucket and key the same way),
 * through the AWS SDK v2 with the JDK's URL connection client, so no second Netty or Apache HTTP
 * stack meets Spark's.
 *
 * <p>It is configured from the same settings as Spark's S3A connector, so the job's own writes go
 * where Spark's go, encrypted the same way: {@code fs.s3a.endpoint}, {@code .endpoint.region},
 * {@code .path.style.access}, {@code .connection.ssl.enabled}, {@code .access.key}, {@code
 * .secret.key}, {@code .encryption.algorithm} ({@code SSE-S3}, {@code SSE-KMS}, {@code DSSE-KMS})
 * and {@code .encryption.key} (the KMS key; older names {@code .server-side-encryption-algorithm}
 * and {@code .server-side-encryption.key} work too). As in S3A, {@code
 * fs.s3a.bucket.<bucket>.<name>} overrides {@code fs.s3a.<name>} for the output root's bucket, and
 * every key may carry the {@code spark.hadoop.} prefix. Without keys it uses the SDK's default
 * credentials chain (the EMR instance role); without a region, the SDK's default region chain
 * (environment, profile, instance metadata on EMR); without an endpoint, AWS's.
 *
 * <p>Publishing relies on S3 semantics: a PUT or a server-side COPY replaces an object as a whole,
 * so readers see the old or the new object, never a partial one. Single-request copies are limited
 * to 5 GB by S3.
 */
public final class S3ObjectStore implements ObjectStore {

  private static final String SPARK_PREFIX = "spark.hadoop.";
  private static final String S3A = "fs.s3a.";

  /** S3's most keys per list page and per DeleteObjects call. */
  private static final int MAX_BATCH = 1000;

  private final S3Client s3;
  private final String endpoint;
  private final String secretKey;
  private final int batchSize;
  private final Encryption encryption;

  S3ObjectStore(
      S3Client s3, String endpoint, String secretKey, int batchSize, Encryption encryption) {
    this.s3 = s3;
    this.endpoint = endpoint;
    this.secretKey = secretKey;
    this.batchSize = batchSize;
    this.encryption = encryption;
  }

  /** Builds the client from the Spark session's settings (see the class comment). */
  public static S3ObjectStore fromSettings(Map<String, String> settings) {
    return fromSettings(settings, null, MAX_BATCH);
  }

  /** As {@link #fromSettings(Map)}, with the per-bucket settings of {@code bucket} applied. */
  public static S3ObjectStore fromSettings(Map<String, String> settings, String bucket) {
    return fromSettings(settings, bucket, MAX_BATCH);
  }

  /** As {@link #fromSettings(Map)} with smaller list pages and delete batches, for tests. */
  static S3ObjectStore fromSettings(Map<String, String> settings, int batchSize) {
    return fromSettings(settings, null, batchSize);
  }

  static S3ObjectStore fromSettings(Map<String, String> settings, String bucket, int batchSize) {
    if (batchSize < 1 || batchSize > MAX_BATCH) {
      throw new IllegalArgumentException(
          "batchSize must be in 1.." + MAX_BATCH + ", got: " + batchSize);
    }
    S3aSettings s3a = new S3aSettings(settings, bucket);
    String endpoint = s3a.get("endpoint");
    String accessKey = s3a.get("access.key");
    String secretKey = s3a.get("secret.key");
    boolean sslEnabled = !"false".equalsIgnoreCase(s3a.get("connection.ssl.enabled"));
    boolean pathStyle = "true".equalsIgnoreCase(s3a.get("path.style.access"));
    Region region = region(s3a.get("endpoint.region"));

    AwsCredentialsProvider credentials =
        accessKey != null && secretKey != null
            ? StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey))
            : DefaultCredentialsProvider.builder().build();
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClient(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(60))
                    .build())
            .region(region)
            .credentialsProvider(credentials)
            // Plain request bodies with a Content-Length, as S3A sends them. By default the SDK
            // sends a PUT body aws-chunked (signed chunks, a trailing checksum). An S3-compatible
            // server may answer such a PUT from its headers (an empty object's are enough) and
            // close the connection before reading the chunks; the client, still writing them, gets
            // a reset, and every retry races the same way ("Error writing request body to
            // server"). Integrity stays: over HTTP SigV4 signs the whole payload's SHA-256, over
            // HTTPS TLS protects it.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            // No "Expect: 100-continue" either: the URL-connection client handles a server that
            // answers before the 100 (or instead of it) badly, and every object this client PUTs
            // is small (markers, manifests, reports). Parquet files go through S3A. The SDK adds
            // the header to every PUT of a cross-region client unless told not to; the cost is
            // that a bucket outside the client's region (fs.s3a.endpoint.region, else the
            // instance's) fails with an I/O error instead of being redirected.
            .serviceConfiguration(
                S3Configuration.builder()
                    .chunkedEncodingEnabled(false)
                    .expectContinueEnabled(false)
                    .build())
            .forcePathStyle(pathStyle);
    String endpointLabel;
    if (endpoint != null) {
      URI endpointUri = endpointUri(endpoint, sslEnabled);
      builder.endpointOverride(endpointUri);
      endpointLabel = endpointUri.toString();
    } else {
      // like S3A: reach buckets in any region when only the default endpoint is known
      builder.crossRegionAccessEnabled(true);
      endpointLabel = "of AWS in " + region;
    }
    return new S3ObjectStore(
        builder.build(), endpointLabel, secretKey, batchSize, Encryption.of(s3a));
  }

  /** The configured region, else the SDK's default chain (instance metadata on EMR). */
  private static Region region(String configured) {
    if (configured != null) {
      return Region.of(configured);
    }
    try {
      return DefaultAwsRegionProviderChain.builder().build().getRegion();
    } catch (SdkClientException noRegionFound) {
      // S3A's default too; cross-region access finds the bucket's own region
      return Region.US_EAST_1;
    }
  }

  @Override
  public void copyReplacing(String fromUri, String toUri) {
    Location to = Location.parse(toUri);
    try {
      if (ObjectStore.isS3(fromUri)) {
        Location from = Location.parse(fromUri);
        s3.copyObject(
            r ->
                r.sourceBucket(from.bucket())
                    .sourceKey(from.key())
                    .destinationBucket(to.bucket())
                    .destinationKey(to.key())
                    .applyMutation(encryption::onCopy));
      } else {
        Path from = LocalObjectStore.path(fromUri);
        if (!Files.isRegularFile(from)) {
          throw new ObjectStoreException(
              "cannot copy " + fromUri + " to " + toUri + ": " + fromUri + " is not a file");
        }
        s3.putObject(
            r -> r.bucket(to.bucket()).key(to.key()).applyMutation(encryption::onPut),
            RequestBody.fromFile(from));
      }
    } catch (SdkException e) {
      throw failure("copy " + fromUri + " to", toUri, e);
    }
  }

  @Override
  public void putText(String uri, String text) {
    Location at = Location.parse(uri);
    String contentType =
        at.key().endsWith(".json") ? "application/json" : "text/plain; charset=utf-8";
    try {
      s3.putObject(
          r ->
              r.bucket(at.bucket())
                  .key(at.key())
                  .contentType(contentType)
                  .applyMutation(encryption::onPut),
          RequestBody.fromString(text, StandardCharsets.UTF_8));
    } catch (SdkException e) {
      throw failure("write", uri, e);
    }
  }

  @Override
  public String getText(String uri) {
    Location at = Location.parse(uri);
    try {
      return s3.getObjectAsBytes(r -> r.bucket(at.bucket()).key(at.key()))
          .asString(StandardCharsets.UTF_8);
    } catch (S3Exception e) {
      if (isMissingKey(e)) {
        return null;
      }
      throw failure("read", uri, e);
    } catch (SdkException e) {
      throw failure("read", uri, e);
    }
  }

  @Override
  public List<String> listFiles(String dirUri) {
    // "" is the folder's own marker object
    return listChildren(dirUri, page -> page.contents().stream().map(S3Object::key));
  }

  @Override
  public List<String> listFolders(String dirUri) {
    return listChildren(dirUri, page -> page.commonPrefixes().stream().map(CommonPrefix::prefix));
  }

  /** The names below a folder, one level deep, of the keys or prefixes each listing page gives. */
  private List<String> listChildren(
      String dirUri,
      java.util.function.Function<ListObjectsV2Response, java.util.stream.Stream<String>> keys) {
    Location dir = Location.parse(dirUri);
    String prefix = dir.folderPrefix();
    List<String> names = new ArrayList<>();
    try {
      for (ListObjectsV2Response page :
          s3.listObjectsV2Paginator(
              ListObjectsV2Request.builder()
                  .bucket(dir.bucket())
                  .prefix(prefix)
                  .delimiter("/")
                  .maxKeys(batchSize)
                  .build())) {
        keys.apply(page)
            .map(key -> key.substring(prefix.length()))
            .map(name -> name.endsWith("/") ? name.substring(0, name.length() - 1) : name)
            .filter(name -> !name.isEmpty())
            .forEach(names::add);
      }
    } catch (SdkException e) {
      throw failure("list", dirUri, e);
    }
    names.sort(null);
    return names;
  }

  @Override
  public void delete(String uri) {
    Location at = Location.parse(uri);
    if (at.key().isEmpty()) {
      throw new ObjectStoreException(
          "cannot delete " + uri + ": refusing to empty a whole bucket, name a folder in it");
    }
    try {
      String fileKey =
          at.key().endsWith("/") ? at.key().substring(0, at.key().length() - 1) : at.key();
      s3.deleteObject(r -> r.bucket(at.bucket()).key(fileKey));
      List<ObjectIdentifier> batch = new ArrayList<>(batchSize);
      for (S3Object object :
          s3.listObjectsV2Paginator(
                  ListObjectsV2Request.builder()
                      .bucket(at.bucket())
                      .prefix(at.folderPrefix())
                      .maxKeys(batchSize)
                      .build())
              .contents()) {
        batch.add(ObjectIdentifier.builder().key(object.key()).build());
        if (batch.size() == batchSize) {
          deleteBatch(at.bucket(), batch);
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        deleteBatch(at.bucket(), batch);
      }
    } catch (SdkException e) {
      throw failure("delete", uri, e);
    }
  }

  private void deleteBatch(String bucket, List<ObjectIdentifier> keys) {
    DeleteObjectsResponse response =
        s3.deleteObjects(
            r -> r.bucket(bucket).delete(Delete.builder().objects(keys).quiet(true).build()));
    if (response.hasErrors() && !response.errors().isEmpty()) {
      S3Error first = response.errors().get(0);
      throw new ObjectStoreException(
          "cannot delete s3://"
              + bucket
              + "/"
              + first.key()
              + ": "
              + first.code()
              + " "
              + first.message()
              + (response.errors().size() > 1
                  ? " (and " + (response.errors().size() - 1) + " more keys)"
                  : ""));
    }
  }

  @Override
  public boolean exists(String uri) {
    Location at = Location.parse(uri);
    try {
      if (at.key().isEmpty()) {
        s3.headBucket(r -> r.bucket(at.bucket()));
        return true;
      }
      if (!at.key().endsWith("/")) {
        try {
          s3.headObject(r -> r.bucket(at.bucket()).key(at.key()));
          return true;
        } catch (S3Exception e) {
          if (e.statusCode() != 404) {
            throw e;
          }
        }
      }
      // a "folder" exists while something is under it
      return s3.listObjectsV2(r -> r.bucket(at.bucket()).prefix(at.folderPrefix()).maxKeys(1))
              .keyCount()
          > 0;
    } catch (S3Exception e) {
      if (at.key().isEmpty() && e.statusCode() == 404) {
        return false;
      }
      throw failure("check", uri, e);
    } catch (SdkException e) {
      throw failure("check", uri, e);
    }
  }

  @Override
  public void close() {
    s3.close();
  }

  @Override
  public String toString() {
    return "S3ObjectStore[endpoint " + endpoint + "]";
  }

  private static boolean isMissingKey(S3Exception e) {
    return e.statusCode() == 404 && !"NoSuchBucket".equals(errorCode(e));
  }

  private ObjectStoreException failure(String action, String uri, SdkException e) {
    String message = "cannot " + action + " " + uri + ": " + reason(uri, e);
    if (secretKey != null && !secretKey.isEmpty()) {
      message = message.replace(secretKey, "****");
    }
    return new ObjectStoreException(message, e);
  }

  /** A short, readable cause; never the SDK's multi-line dump. */
  private String reason(String uri, SdkException e) {
    if (e instanceof S3Exception s3e) {
      int status = s3e.statusCode();
      String code = errorCode(s3e);
      String tag = "(" + status + (code == null ? "" : " " + code) + ")";
      if (status == 403
          && (code == null
              || code.equals("InvalidAccessKeyId")
              || code.equals("SignatureDoesNotMatch")
              || code.equals("InvalidToken")
              || code.equals("ExpiredToken")
              || code.equals("Forbidden"))) {
        return "the S3 endpoint refused the credentials " + tag;
      }
      if (status == 403) {
        return "access denied by the bucket or IAM policy " + tag;
      }
      if ("NoSuchBucket".equals(code)) {
        return "bucket " + Location.parse(uri).bucket() + " does not exist " + tag;
      }
      if (status == 404) {
        return "no such object " + tag;
      }
      if (status == 301 || "PermanentRedirect".equals(code)) {
        return "the bucket is in another region than the endpoint " + endpoint + " " + tag;
      }
      String detail = s3e.awsErrorDetails() == null ? null : s3e.awsErrorDetails().errorMessage();
      return "S3 answered " + tag + (detail == null ? "" : " " + detail);
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof UnknownHostException
          || t instanceof NoRouteToHostException
          || t instanceof SocketTimeoutException) {
        return "cannot reach the S3 endpoint "
            + endpoint
            + " ("
            + t.getClass().getSimpleName()
            + (t.getMessage() == null ? "" : ": " + t.getMessage())
            + ")";
      }
    }
    if (e instanceof SdkClientException && String.valueOf(e.getMessage()).contains("credentials")) {
      return "no AWS credentials found (" + firstLine(e.getMessage()) + ")";
    }
    return e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
  }

  private static String errorCode(S3Exception e) {
    if (e.awsErrorDetails() == null) {
      return null;
    }
    String code = e.awsErrorDetails().errorCode();
    return code == null || code.isBlank() ? null : code;
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  /**
   * S3A's settings as the connector reads them: {@code fs.s3a.bucket.<bucket>.<name>} before {@code
   * fs.s3a.<name>}, each also under the {@code spark.hadoop.} prefix; blank is unset.
   */
  record S3aSettings(Map<String, String> raw, String bucket) {
    String get(String name) {
      if (bucket != null) {
        String perBucket = value(S3A + "bucket." + bucket + "." + name);
        if (perBucket != null) {
          return perBucket;
        }
      }
      return value(S3A + name);
    }

    String get(String name, String olderName) {
      String value = get(name);
      return value != null ? value : get(olderName);
    }

    private String value(String key) {
      String value = raw.get(SPARK_PREFIX + key);
      if (value == null || value.isBlank()) {
        value = raw.get(key);
      }
      return value == null || value.isBlank() ? null : value.strip();
    }
  }

  /** Server-side encryption of the objects the job writes, as S3A would ask for it. */
  record Encryption(ServerSideEncryption algorithm, String kmsKeyId) {
    static final Encryption NONE = new Encryption(null, null);

    static Encryption of(S3aSettings s3a) {
      String name = s3a.get("encryption.algorithm", "server-side-encryption-algorithm");
      String key = s3a.get("encryption.key", "server-side-encryption.key");
      if (name == null) {
        return NONE;
      }
      return switch (name.toUpperCase(Locale.ROOT)) {
        case "SSE-S3", "AES256" -> new Encryption(ServerSideEncryption.AES256, null);
        case "SSE-KMS" -> new Encryption(ServerSideEncryption.AWS_KMS, key);
        case "DSSE-KMS" -> new Encryption(ServerSideEncryption.AWS_KMS_DSSE, key);
        case "NONE", "" -> NONE;
        default ->
            throw new ObjectStoreException(
                "fs.s3a.encryption.algorithm "
                    + name
                    + " is not supported by the job's own writes (SSE-S3, SSE-KMS or DSSE-KMS);"
                    + " client-side keys (SSE-C, CSE-KMS) would make its objects unreadable to"
                    + " Athena");
      };
    }

    void onPut(PutObjectRequest.Builder request) {
      if (algorithm != null) {
        request.serverSideEncryption(algorithm);
        if (kmsKeyId != null) {
          request.ssekmsKeyId(kmsKeyId);
        }
      }
    }

    void onCopy(CopyObjectRequest.Builder request) {
      if (algorithm != null) {
        request.serverSideEncryption(algorithm);
        if (kmsKeyId != null) {
          request.ssekmsKeyId(kmsKeyId);
        }
      }
    }
  }

  /** S3A accepts a bare host[:port]; it then picks the scheme from connection.ssl.enabled. */
  private static URI endpointUri(String endpoint, boolean sslEnabled) {
    String lower = endpoint.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      return URI.create(endpoint);
    }
    return URI.create((sslEnabled ? "https://" : "http://") + endpoint);
  }

  /** Bucket and key of an s3a://bucket/key URI; the key has no leading slash. */
  record Location(String bucket, String key) {
    static Location parse(String uri) {
      int schemeEnd = uri.indexOf("://");
      if (schemeEnd < 0) {
        throw new ObjectStoreException("not an S3 URI: " + uri);
      }
      String rest = uri.substring(schemeEnd + 3);
      int slash = rest.indexOf('/');
      String bucket = slash < 0 ? rest : rest.substring(0, slash);
      String key = slash < 0 ? "" : rest.substring(slash + 1);
      if (bucket.isEmpty()) {
        throw new ObjectStoreException("no bucket in S3 URI: " + uri);
      }
      return new Location(bucket, key);
    }

    /** The key prefix of the objects "in" this location taken as a folder. */
    String folderPrefix() {
      return key.isEmpty() || key.endsWith("/") ? key : key + "/";
    }
  }
}
