package dev.alertrecs.steps;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.WeakHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.DataTypes;

/**
 * The keyed user hash of every output: the first 32 lower-case hex characters of HMAC-SHA256(key,
 * account_id + "|" + user_id), registered as the SQL function {@code user_hash(account_id,
 * user_id)}.
 *
 * <p>The key travels inside the function object, which Spark ships to the executors with the task
 * closure. It is never a SQL literal or a bound parameter: those are printed in the analysed plan,
 * which Spark writes to the SQL tab, the event log and the History Server. A plan shows only {@code
 * user_hash(account_id, user_id)}.
 */
public final class UserHash implements UDF2<String, String, String> {
  public static final String FUNCTION = "user_hash";
  private static final String ALGORITHM = "HmacSHA256";
  private static final int HEX_CHARS = 32;

  private final byte[] key;
  private transient ThreadLocal<Mac> macs;

  private UserHash(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("the user-hash key is empty");
    }
    this.key = key.getBytes(StandardCharsets.UTF_8);
  }

  /** The key fingerprint each session's function was registered with. */
  private static final Map<SparkSession, String> REGISTERED =
      Collections.synchronizedMap(new WeakHashMap<>());

  /**
   * Registers {@code user_hash(account_id, user_id)} in the session, keyed by {@code key}; a no-op
   * when it is registered with that key already (every step that hashes calls this).
   */
  public static void register(SparkSession spark, String key) {
    String fingerprint = fingerprint(key);
    if (fingerprint.equals(REGISTERED.get(spark)) && spark.catalog().functionExists(FUNCTION)) {
      return;
    }
    spark.udf().register(FUNCTION, new UserHash(key), DataTypes.StringType);
    REGISTERED.put(spark, fingerprint);
  }

  /** The hash of one user, as the SQL function computes it. */
  public static String of(String key, String accountId, String userId) {
    return new UserHash(key).call(accountId, userId);
  }

  /**
   * A short fingerprint of the key for the run record: analysts can tell when the hashes changed
   * without the record holding anything that re-identifies a user. Domain-separated, so it is not
   * the hash of anything else the job computes.
   */
  public static String fingerprint(String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(("alert-recs user-hash key|" + key).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  @Override
  public String call(String accountId, String userId) {
    if (accountId == null || userId == null) {
      return null;
    }
    if (macs == null) {
      macs = ThreadLocal.withInitial(this::newMac);
    }
    Mac mac = macs.get();
    byte[] digest = mac.doFinal((accountId + "|" + userId).getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest).substring(0, HEX_CHARS);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is not available", e);
    }
  }

  /** Never print the key. */
  @Override
  public String toString() {
    return FUNCTION;
  }
}
