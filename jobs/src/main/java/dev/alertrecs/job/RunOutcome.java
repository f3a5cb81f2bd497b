package dev.alertrecs.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.alertrecs.io.ObjectStore;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of the run of a date, where a scheduler can read it: {@code
 * <output>/_status/dt=YYYY-MM-DD.json}. Under EMR (YARN cluster mode, EMR Serverless) the process
 * exit code is lost, a failed step is all the scheduler sees; this object tells it whether the run
 * is worth retrying (input not there yet, storage) or must stop for a person (bad input, failed
 * checks, the gate).
 *
 * <p>It says {@code running} from the start of the run, so a driver that dies without a word (out
 * of memory, a lost node) leaves {@code running} behind, which a scheduler reads as worth a retry.
 * Athena skips folders that start with {@code _}.
 */
public final class RunOutcome {
  public static final String FOLDER = "_status";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final ObjectStore store;
  private final String outputRoot;
  private final Clock clock;

  public RunOutcome(ObjectStore store, String outputRoot, Clock clock) {
    this.store = store;
    this.outputRoot =
        outputRoot.endsWith("/") ? outputRoot.substring(0, outputRoot.length() - 1) : outputRoot;
    this.clock = clock;
  }

  /** Where the outcome of the run of {@code date} is written. */
  public String uri(LocalDate date) {
    return outputRoot + "/" + FOLDER + "/dt=" + date + ".json";
  }

  /** Marks the run of {@code date} as started. */
  public void running(LocalDate date, Instant startedAt) {
    write(date, "running", null, null, null, startedAt, null);
  }

  /** The run published its lists. */
  public void succeeded(LocalDate date, String runId, Instant startedAt) {
    write(date, "succeeded", runId, ExitCode.OK, "published", startedAt, clock.instant());
  }

  /** The run ended with {@code failure}; its exit code decides whether a retry can help. */
  public void failed(LocalDate date, Throwable failure, String message, Instant startedAt) {
    write(date, "failed", null, ExitCode.of(failure), message, startedAt, clock.instant());
  }

  private void write(
      LocalDate date,
      String status,
      String runId,
      ExitCode code,
      String message,
      Instant startedAt,
      Instant finishedAt) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("run_date", date.toString());
    o.put("run_id", runId);
    o.put("status", status);
    o.put("exit_code", code == null ? null : code.code());
    o.put("outcome", code == null ? null : code.name());
    o.put("retryable", code == null ? null : code.retryable());
    o.put("message", message);
    o.put("started_at", startedAt == null ? null : startedAt.toString());
    o.put("finished_at", finishedAt == null ? null : finishedAt.toString());
    try {
      store.putText(uri(date), JSON.writeValueAsString(o));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
