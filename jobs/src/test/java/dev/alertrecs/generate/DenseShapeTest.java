package dev.alertrecs.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.alertrecs.config.SettingsException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dense shape on a small scale: wide catalogs, many users, packed investigations. */
class DenseShapeTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final LocalDate DAY = LocalDate.parse("2026-11-25");
  private static final int ACCOUNTS = 5;

  @TempDir static Path root;
  private static GeneratorSettings settings;

  /** Valid events of the day, first copies only, wherever they were received. */
  private static List<JsonNode> events;

  @BeforeAll
  static void generateDenseDay() throws IOException {
    settings =
        new GeneratorSettings(
            root.resolve("input"),
            DAY,
            1,
            ACCOUNTS,
            60_000,
            3,
            2,
            0,
            0.01,
            0.02,
            null,
            WorldShape.DENSE);
    new SampleDataGenerator(settings).generate();
    events = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(settings.inputRoot().resolve("actions"))) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path file : files) {
      for (String line : lines(file)) {
        JsonNode json;
        try {
          json = MAPPER.readTree(line);
        } catch (IOException e) {
          continue; // a malformed line on purpose
        }
        if (json != null
            && json.hasNonNull("account_id")
            && json.hasNonNull("event_id")
            && seen.add(json.get("account_id").asText() + "/" + json.get("event_id").asText())) {
          events.add(json);
        }
      }
    }
  }

  @Test
  void theDayIsTwoPlainJsonFiles() throws IOException {
    Set<String> names;
    try (Stream<Path> list = Files.list(settings.inputRoot().resolve("actions/dt=" + DAY))) {
      names =
          list.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }
    assertEquals(Set.of("part-00000.json", "part-00001.json"), names);
  }

  @Test
  void everyAccountHas60AlertsAnd300Dashboards() throws IOException {
    Map<String, Integer> alerts = catalogCounts("alerts");
    Map<String, Integer> dashboards = catalogCounts("dashboards");
    assertEquals(ACCOUNTS, alerts.size());
    alerts.forEach((account, n) -> assertEquals(60, n, account));
    assertEquals(ACCOUNTS, dashboards.size());
    dashboards.forEach((account, n) -> assertEquals(300, n, account));
  }

  @Test
  void theBigAccountHas400UsersAndAboutTwoFifthsOfTheEvents() {
    Map<String, Set<String>> users = new HashMap<>();
    Map<String, Integer> perAccount = new HashMap<>();
    for (JsonNode e : events) {
      String account = e.get("account_id").asText();
      perAccount.merge(account, 1, Integer::sum);
      if (e.hasNonNull("user_id")) {
        users.computeIfAbsent(account, a -> new HashSet<>()).add(e.get("user_id").asText());
      }
    }
    assertEquals(ACCOUNTS, perAccount.size());
    assertEquals(400, users.get("acme").size());
    users.forEach((account, u) -> assertTrue(u.size() <= 400, account + ": " + u.size()));
    double share = perAccount.get("acme") / (double) events.size();
    assertTrue(share > 0.35 && share < 0.45, "acme's share of the events: " + share);
  }

  @Test
  void investigationsHave3To12ActionsAndUsersMany() {
    // an investigation per the contract: an opening and the user's actions until the next opening
    // (no investigation in this shape idles out before its last action, none resolves another's
    // alert)
    Map<String, List<JsonNode>> byUser = new HashMap<>();
    for (JsonNode e : events) {
      if (e.hasNonNull("user_id") && e.get("account_id").asText().equals("acme")) {
        byUser.computeIfAbsent(e.get("user_id").asText(), u -> new ArrayList<>()).add(e);
      }
    }
    Map<Integer, Integer> sizes = new HashMap<>();
    int investigations = 0;
    for (List<JsonNode> timeline : byUser.values()) {
      timeline.sort(
          Comparator.comparing((JsonNode e) -> OffsetDateTime.parse(e.get("ts").asText())));
      int size = 0;
      for (JsonNode e : timeline) {
        if (e.get("action").asText().equals("alert_opened")) {
          if (size > 0) {
            sizes.merge(size, 1, Integer::sum);
          }
          investigations++;
          size = 1;
        } else if (size > 0) {
          size++;
        }
      }
      sizes.merge(size, 1, Integer::sum);
    }
    assertEquals(3, sizes.keySet().stream().min(Integer::compare).orElseThrow(), sizes.toString());
    assertEquals(12, sizes.keySet().stream().max(Integer::compare).orElseThrow(), sizes.toString());
    double perUser = investigations / (double) byUser.size();
    assertTrue(perUser >= 5, "investigations per user a day: " + perUser);
  }

  @Test
  void shapesAreNamed() {
    assertEquals(WorldShape.DENSE, WorldShape.named("dense"));
    assertEquals(WorldShape.SAMPLE, WorldShape.named("SAMPLE"));
    SettingsException e = assertThrows(SettingsException.class, () -> WorldShape.named("wide"));
    assertEquals("shape must be sample or dense, got: wide", e.getMessage());
  }

  private static Map<String, Integer> catalogCounts(String table) throws IOException {
    Map<String, Integer> counts = new HashMap<>();
    Path file =
        settings.inputRoot().resolve("catalog/" + table + "/dt=" + DAY + "/" + table + ".json");
    for (String line : Files.readAllLines(file)) {
      counts.merge(MAPPER.readTree(line).get("account_id").asText(), 1, Integer::sum);
    }
    return counts;
  }

  private static List<String> lines(Path file) throws IOException {
    var in = Files.newInputStream(file);
    var decoded = file.toString().endsWith(".gz") ? new GZIPInputStream(in) : in;
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(decoded, StandardCharsets.UTF_8))) {
      return reader.lines().toList();
    }
  }
}
