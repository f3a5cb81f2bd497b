package dev.alertrecs.steps;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.DataTypes;

/**
 * The id of an investigation, the same for the same input in every run: {@code "inv-"} and the
 * first 20 hex characters of SHA-256({@code account_id + "|" + open_event_id}), the event that
 * opened it. Registered as the SQL function {@code investigation_id(account_id, open_event_id)}, so
 * the models that name investigations share one definition.
 */
public final class InvestigationId implements UDF2<String, String, String> {
  public static final String FUNCTION = "investigation_id";
  private static final int HEX_CHARS = 20;

  /** Registers {@code investigation_id(account_id, open_event_id)} in the session, once. */
  public static void register(SparkSession spark) {
    if (!spark.catalog().functionExists(FUNCTION)) {
      spark.udf().register(FUNCTION, new InvestigationId(), DataTypes.StringType);
    }
  }

  /** The id of the investigation opened by {@code openEventId}. */
  public static String of(String accountId, String openEventId) {
    return new InvestigationId().call(accountId, openEventId);
  }

  @Override
  public String call(String accountId, String openEventId) {
    if (accountId == null || openEventId == null) {
      return null;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((accountId + "|" + openEventId).getBytes(StandardCharsets.UTF_8));
      return "inv-" + HexFormat.of().formatHex(digest).substring(0, HEX_CHARS);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
