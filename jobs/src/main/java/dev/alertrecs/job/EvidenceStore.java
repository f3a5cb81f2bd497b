package dev.alertrecs.job;

import dev.alertrecs.model.Evidence;
import dev.alertrecs.steps.SummarizeAlertEvidence;
import dev.alertrecs.steps.SummarizeItemEvidence;
import dev.alertrecs.steps.SummarizeTransitionEvidence;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The daily evidence store: the three evidence tables of a day are written together, and a day is
 * stored when all three are complete. The only place the job reads or writes evidence.
 */
final class EvidenceStore {
  private final OutputWriter writer;

  EvidenceStore(OutputWriter writer) {
    this.writer = writer;
  }

  /** True when the day's three evidence tables are complete. */
  boolean has(LocalDate day) {
    return writer.isComplete(Layout.ITEM_EVIDENCE, day)
        && writer.isComplete(Layout.ALERT_EVIDENCE, day)
        && writer.isComplete(Layout.TRANSITION_EVIDENCE, day);
  }

  /** The stored days among {@code days}, in their order. */
  List<LocalDate> storedAmong(List<LocalDate> days) {
    List<LocalDate> stored = new ArrayList<>();
    for (LocalDate day : days) {
      if (has(day)) {
        stored.add(day);
      }
    }
    return stored;
  }

  /** The evidence of stored days ({@link #storedAmong}), read together. */
  Evidence read(List<LocalDate> days) {
    if (days.isEmpty()) {
      return Evidence.none();
    }
    return new Evidence(
        List.copyOf(days),
        writer.readDays(Layout.ITEM_EVIDENCE, days),
        writer.readDays(Layout.ALERT_EVIDENCE, days),
        writer.readDays(Layout.TRANSITION_EVIDENCE, days));
  }

  /** Summarizes a computed day into its three evidence tables, replacing what was stored. */
  void write(
      LocalDate date,
      Dataset<Row> investigationItems,
      Dataset<Row> investigations,
      Dataset<Row> investigationSteps) {
    writer.write(
        SummarizeItemEvidence.apply(investigationItems, date),
        Layout.ITEM_EVIDENCE,
        date,
        "account_id",
        "alert_id",
        "item_type",
        "item_id");
    writer.write(
        SummarizeAlertEvidence.apply(investigations, date),
        Layout.ALERT_EVIDENCE,
        date,
        "account_id",
        "alert_id");
    writer.write(
        SummarizeTransitionEvidence.apply(investigationSteps, date),
        Layout.TRANSITION_EVIDENCE,
        date,
        "account_id",
        "alert_id",
        "after_item_type",
        "after_item_id",
        "item_type",
        "item_id");
  }
}
