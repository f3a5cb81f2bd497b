package dev.alertrecs;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Builds the test events of every test, and the ids the product derives from them. */
public final class TestEvents {
  private TestEvents() {}

  /**
   * The user hash the contract specifies, computed outside Spark: the first 32 lower-case hex
   * characters of HMAC-SHA256 with the user-hash key over {@code account_id + "|" + user_id}.
   */
  public static String userHash(String key, String accountId, String userId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal((accountId + "|" + userId).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 32);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An investigation's id: {@code inv-} and 20 hex characters of SHA-256 of account|opening. */
  public static String investigationId(String accountId, String openEventId) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((accountId + "|" + openEventId).getBytes(StandardCharsets.UTF_8));
      return "inv-" + HexFormat.of().formatHex(digest).substring(0, 20);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
