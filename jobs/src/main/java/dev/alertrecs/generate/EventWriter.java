package dev.alertrecs.generate;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the events of one (day, file) shard as JSON Lines and plays the delivery pipeline: an
 * event whose time falls on the next day, a late event (share {@code lateShare}) and some
 * duplicates go to the shard's file in the next day's folder; a share of events is written twice
 * with the same {@code event_id}; a share of lines is damaged. The delivery decisions use their own
 * random stream, so the invented behaviour does not change with the shares. Streams everything:
 * nothing of the day is kept in memory.
 */
final class EventWriter implements Closeable {
  private static final JsonFactory JSON = new JsonFactory();
  private static final int[] OFFSETS_MIN = {120, -300, 330, 540, -180, 60, -420};
  private static final String[] NOT_JSON = {
    "GET /v1/events HTTP/1.1 502 Bad Gateway",
    "<html><body><h1>504 Gateway Time-out</h1></body></html>",
    "event dropped: buffer full",
  };

  private final Path mainFile;
  private final boolean mainGzip;
  private final Path nextFile;
  private final long nextDayStartMs;
  private final String idPrefix;
  private final SplittableRandom route;
  private final double malformedShare;
  private final double duplicateShare;
  private final double lateShare;
  private final TimestampText ts = new TimestampText();

  private JsonGenerator main;
  private JsonGenerator next;
  private long counter;

  long eventsWritten;
  long malformedLines;
  long duplicateLines;
  long lateEvents;

  EventWriter(
      Path mainFile,
      boolean mainGzip,
      Path nextFile,
      long nextDayStartMs,
      String idPrefix,
      SplittableRandom route,
      GeneratorSettings settings) {
    this.mainFile = mainFile;
    this.mainGzip = mainGzip;
    this.nextFile = nextFile;
    this.nextDayStartMs = nextDayStartMs;
    this.idPrefix = idPrefix;
    this.route = route;
    this.malformedShare = settings.malformedShare();
    this.duplicateShare = settings.duplicateShare();
    this.lateShare = settings.lateShare();
  }

  /** Writes one event (null fields are left out) through the simulated delivery. */
  void emit(
      String account,
      long tsMs,
      String user,
      String action,
      String alert,
      String dashboard,
      String query,
      String source) {
    try {
      String eventId = idPrefix + counter++;
      int offset = route.nextDouble() < 0.05 ? OFFSETS_MIN[route.nextInt(OFFSETS_MIN.length)] : 0;
      boolean toNext = tsMs >= nextDayStartMs;
      if (route.nextDouble() < malformedShare) {
        writeMalformed(
            toNext ? next() : main(),
            eventId,
            tsMs,
            account,
            user,
            action,
            alert,
            dashboard,
            query);
        malformedLines++;
        return;
      }
      if (!toNext && route.nextDouble() < lateShare) {
        toNext = true;
        lateEvents++;
      }
      JsonGenerator out = toNext ? next() : main();
      int tsLen = ts.format(tsMs, offset);
      write(out, eventId, ts.chars, tsLen, account, user, action, alert, dashboard, query, source);
      eventsWritten++;
      if (route.nextDouble() < duplicateShare) {
        JsonGenerator copyOut = toNext || route.nextDouble() >= 0.2 ? out : next();
        write(
            copyOut, eventId, ts.chars, tsLen, account, user, action, alert, dashboard, query,
            source);
        duplicateLines++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(
      JsonGenerator g,
      String eventId,
      char[] tsChars,
      int tsLen,
      String account,
      String user,
      String action,
      String alert,
      String dashboard,
      String query,
      String source)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("event_id", eventId);
    if (tsChars != null) {
      g.writeFieldName("ts");
      g.writeString(tsChars, 0, tsLen);
    }
    if (account != null) {
      g.writeStringField("account_id", account);
    }
    if (user != null) {
      g.writeStringField("user_id", user);
    }
    g.writeStringField("action", action);
    if (alert != null) {
      g.writeStringField("alert_id", alert);
    }
    if (dashboard != null) {
      g.writeStringField("dashboard_id", dashboard);
    }
    if (query != null) {
      g.writeStringField("query", query);
    }
    if (source != null) {
      g.writeStringField("source", source);
    }
    g.writeEndObject();
    g.writeRaw('\n');
  }

  /** One bad record of the kinds real pipelines deliver, derived from the event it replaces. */
  private void writeMalformed(
      JsonGenerator g,
      String eventId,
      long tsMs,
      String account,
      String user,
      String action,
      String alert,
      String dashboard,
      String query)
      throws IOException {
    char[] tsChars = ts.chars;
    int tsLen = ts.format(tsMs, 0);
    switch (route.nextInt(6)) {
      case 0 -> { // truncated: the line ends before its closing brace
        StringWriter text = new StringWriter();
        try (JsonGenerator s = JSON.createGenerator(text)) {
          s.setRootValueSeparator(null);
          write(s, eventId, tsChars, tsLen, account, user, action, alert, dashboard, query, null);
        }
        String full = text.toString().strip();
        g.writeRaw(full.substring(0, 1 + route.nextInt(full.length() - 2)));
        g.writeRaw('\n');
      }
      case 1 -> {
        g.writeRaw(NOT_JSON[route.nextInt(NOT_JSON.length)]);
        g.writeRaw('\n');
      }
      case 2 -> write(g, eventId, null, 0, account, user, action, alert, dashboard, query, null);
      case 3 -> {
        char[] bad = "yesterday".toCharArray();
        write(g, eventId, bad, bad.length, account, user, action, alert, dashboard, query, null);
      }
      case 4 ->
          write(g, eventId, tsChars, tsLen, null, user, action, alert, dashboard, query, null);
      default ->
          write(
              g,
              eventId,
              tsChars,
              tsLen,
              account,
              user == null ? "u-1" : user,
              "dashboard_viewed",
              null,
              null,
              null,
              null);
    }
  }

  private JsonGenerator main() throws IOException {
    if (main == null) {
      main = open(mainFile, mainGzip);
    }
    return main;
  }

  private JsonGenerator next() throws IOException {
    if (next == null) {
      next = open(nextFile, true);
    }
    return next;
  }

  private static JsonGenerator open(Path file, boolean gzip) throws IOException {
    Files.createDirectories(file.getParent());
    OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    if (gzip) {
      out = new FastGzipOutputStream(out);
    }
    JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8);
    g.setRootValueSeparator(null);
    return g;
  }

  /** Opens the main file even when empty, so every day has all its parts. */
  void touchMain() throws IOException {
    main();
  }

  @Override
  public void close() throws IOException {
    IOException failure = null;
    for (JsonGenerator g : new JsonGenerator[] {main, next}) {
      if (g != null) {
        try {
          g.close();
        } catch (IOException e) {
          failure = e;
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** gzip at the fastest level: the generator needs throughput more than small files. */
  private static final class FastGzipOutputStream extends GZIPOutputStream {
    FastGzipOutputStream(OutputStream out) throws IOException {
      super(out, 1 << 16);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }
}
