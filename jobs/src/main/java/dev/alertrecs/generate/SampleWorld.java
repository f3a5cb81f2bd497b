package dev.alertrecs.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The invented world behind the sample data: per account its alerts, dashboards, query templates
 * and which of them belong together (the ground truth). Every account uses the same id spaces
 * ({@code al-1..}, {@code d-1..}, {@code u-1..}) with different meanings, so ids collide across
 * accounts on purpose. Built deterministically from the seed; small (a few dozen objects per
 * account), so it is shared read-only by all writer threads.
 */
final class SampleWorld {

  static final String HOME = "d-1";

  private static final String[] ACCOUNT_NAMES = {
    "acme",
    "globex",
    "initech",
    "umbrella",
    "hooli",
    "stark",
    "wayne",
    "wonka",
    "cyberdyne",
    "soylent",
    "tyrell",
    "aperture"
  };
  private static final String[] SERVICES = {
    "checkout",
    "payments",
    "search",
    "billing-db",
    "auth",
    "inventory",
    "cart",
    "shipping",
    "notifications",
    "gateway",
    "orders",
    "recommendations"
  };
  private static final String[] GENERIC_DASHBOARDS = {
    "Kubernetes overview", "All services latency", "Infrastructure health", "Error budget overview",
    "Deployments timeline", "On-call handbook", "Cloud cost overview", "Network overview"
  };
  private static final String[] FILLER_DASHBOARDS = {
    "%s business KPIs",
    "%s capacity planning",
    "%s SLO report",
    "%s traffic by region",
    "%s release notes"
  };
  private static final String[] TEAMS = {
    "Platform", "Payments", "Growth", "Storage", "Identity", "Mobile", "Data", "Edge"
  };
  private static final String[] SEVERITIES = {"info", "low", "medium", "high", "critical"};
  private static final String[] WORDS = {
    "timeout", "connection reset", "deprecated", "retrying", "cache miss", "login failed"
  };
  private static final String[] REGIONS = {
    " in eu-west", " in us-east", " in ap-south", " in us-west", " in eu-north", " in sa-east"
  };
  private static final String[] COLD_SUFFIXES = {" (EU)", " (staging)", " v2", " (us-west)"};

  /** A kind of alert: its title, its own dashboard and the queries that diagnose it. */
  private record Symptom(String key, String title, String dashboard, List<QueryTemplate> queries) {}

  private static final List<Symptom> SYMPTOMS =
      List.of(
          new Symptom(
              "error_rate",
              "High error rate on %s",
              "%s errors",
              List.of(
                  new QueryTemplate(
                      "service:%s AND level:error AND @timestamp:[now-{range} TO now]"),
                  new QueryTemplate("service:%s AND message:\"exception\" AND level:error"))),
          new Symptom(
              "latency_p99",
              "Latency p99 above SLO on %s",
              "%s latency",
              List.of(
                  new QueryTemplate("service:%s AND latency_ms:>{n}", 200, 3000),
                  new QueryTemplate("trace.service:%s AND duration_ms:>{n}", 500, 5000))),
          new Symptom(
              "pod_restarts",
              "Pod restarts in %s",
              "%s pods",
              List.of(
                  new QueryTemplate("kubernetes.pod:%s-* AND message:\"OOMKilled\""),
                  new QueryTemplate(
                      "kubernetes.pod:%s-* AND reason:CrashLoopBackOff AND"
                          + " @timestamp:[now-{range} TO now]"))),
          new Symptom(
              "disk_full",
              "Disk almost full on %s",
              "%s disk usage",
              List.of(
                  new QueryTemplate("host:%s-* AND disk.used_pct:>{n}", 80, 95),
                  new QueryTemplate("host:%s-* AND message:\"No space left on device\""))),
          new Symptom(
              "queue_backlog",
              "Queue backlog on %s",
              "%s queues",
              List.of(
                  new QueryTemplate("queue:%s-* AND backlog:>{n}", 1000, 50000),
                  new QueryTemplate(
                      "service:%s AND message:\"consumer lag\" AND @timestamp:[now-{range} TO now]"))),
          new Symptom(
              "5xx_spike",
              "5xx spike on %s",
              "%s http status",
              List.of(
                  new QueryTemplate("service:%s AND status:>=500 AND host:\"web-{n}\"", 1, 40),
                  new QueryTemplate(
                      "service:%s AND status:503 AND @timestamp:[now-{range} TO now]"))),
          new Symptom(
              "memory_leak",
              "Memory leak in %s",
              "%s memory",
              List.of(
                  new QueryTemplate("service:%s AND memory.rss_mb:>{n}", 512, 8192),
                  new QueryTemplate("kubernetes.pod:%s-* AND message:\"OOMKilled\""))));

  /** One alert of an account with what truly helps to investigate it. */
  record Alert(
      String id,
      String title,
      String severity,
      String service,
      String symptom,
      boolean isNew,
      String siblingOf,
      String[] relevantDashboards,
      QueryTemplate[] relevantQueries) {}

  /** One dashboard; deleted in the catalog from day index {@code deletedFromDay} on. */
  record Dashboard(String id, String title, int deletedFromDay) {
    boolean deletedOn(int dayIndex) {
      return dayIndex >= deletedFromDay;
    }
  }

  /** One tenant's world. Established alerts come first, then the new (cold) ones. */
  static final class Account {
    final int index;
    final String id;
    final List<Alert> alerts;
    final int establishedAlerts;
    final List<Dashboard> dashboards;
    final String[] genericDashboards;
    final QueryTemplate[] unrelatedQueries;
    private final double[] cumulativeWeight;

    Account(
        int index,
        String id,
        List<Alert> alerts,
        int establishedAlerts,
        List<Dashboard> dashboards,
        String[] genericDashboards,
        QueryTemplate[] unrelatedQueries,
        double[] cumulativeWeight) {
      this.index = index;
      this.id = id;
      this.alerts = alerts;
      this.establishedAlerts = establishedAlerts;
      this.dashboards = dashboards;
      this.genericDashboards = genericDashboards;
      this.unrelatedQueries = unrelatedQueries;
      this.cumulativeWeight = cumulativeWeight;
    }

    /** An established alert, popular ones more often (Zipf-like). */
    int pickEstablished(SplittableRandom rnd) {
      double r = rnd.nextDouble() * cumulativeWeight[cumulativeWeight.length - 1];
      int i = Arrays.binarySearch(cumulativeWeight, r);
      return Math.min(i >= 0 ? i : -i - 1, establishedAlerts - 1);
    }

    Dashboard dashboard(String id) {
      return dashboards.get(Integer.parseInt(id.substring(2)) - 1);
    }
  }

  final List<Account> accounts;

  SampleWorld(long seed, int accounts, int days) {
    this(seed, accounts, days, WorldShape.SAMPLE);
  }

  SampleWorld(long seed, int accounts, int days, WorldShape shape) {
    List<Account> list = new ArrayList<>();
    for (int a = 0; a < accounts; a++) {
      list.add(
          buildAccount(a, new SplittableRandom(Seeds.mix(seed, 0x5EED_3011DL, a)), days, shape));
    }
    this.accounts = List.copyOf(list);
  }

  static String accountName(int index) {
    String base = ACCOUNT_NAMES[index % ACCOUNT_NAMES.length];
    return index < ACCOUNT_NAMES.length ? base : base + "-" + (index / ACCOUNT_NAMES.length + 1);
  }

  private static Account buildAccount(int index, SplittableRandom rnd, int days, WorldShape shape) {
    List<String> allServices = shuffled(Arrays.asList(SERVICES), rnd);
    int nServices = 4 + rnd.nextInt(3);
    if (shape.servicesPerAccount() > 0) {
      nServices = shape.servicesPerAccount();
    }
    List<String> services = allServices.subList(0, nServices);
    List<int[]> combos = new ArrayList<>();
    for (int s = 0; s < services.size(); s++) {
      for (int y = 0; y < SYMPTOMS.size(); y++) {
        combos.add(new int[] {s, y});
      }
    }
    combos = shuffled(combos, rnd);
    int established = 8 + rnd.nextInt(8);
    if (shape.alertsPerAccount() > 0) {
      established = shape.alertsPerAccount() - 2;
    }

    // dashboard titles first (ids are handed out after a shuffle), then alerts point at them
    Map<String, Integer> deletedFrom = new LinkedHashMap<>();
    List<String> titles = new ArrayList<>();
    List<String> generic =
        shuffled(Arrays.asList(GENERIC_DASHBOARDS), rnd).subList(0, 4 + rnd.nextInt(3));
    titles.addAll(generic);
    List<String[]> relevantTitles = new ArrayList<>();
    int legacyCount = 1 + rnd.nextInt(2);
    int legacyFrom =
        days < 2 ? 0 : Math.max(1, days / 2) + rnd.nextInt(days - Math.max(1, days / 2));
    for (int k = 0; k < established; k++) {
      String svc = services.get(combos.get(k % combos.size())[0]);
      Symptom symptom = SYMPTOMS.get(combos.get(k % combos.size())[1]);
      List<String> rel = new ArrayList<>();
      rel.add(svc + " service overview");
      rel.add(String.format(symptom.dashboard(), svc));
      if (rnd.nextDouble() < 0.4) {
        rel.add(svc + " logs");
      }
      if (k < legacyCount) {
        String legacy = String.format(symptom.dashboard(), svc) + " (legacy)";
        rel.add(legacy);
        deletedFrom.put(legacy, legacyFrom);
      }
      for (String t : rel) {
        if (!titles.contains(t)) {
          titles.add(t);
        }
      }
      relevantTitles.add(rel.toArray(String[]::new));
    }
    int target = 25 + rnd.nextInt(16);
    if (shape.dashboardsPerAccount() > 0) {
      target = shape.dashboardsPerAccount();
    }
    for (int guard = 0; titles.size() + 1 < target && guard < 200; guard++) {
      String filler =
          rnd.nextDouble() < 0.3
              ? "Team " + TEAMS[rnd.nextInt(TEAMS.length)] + " board"
              : String.format(
                  FILLER_DASHBOARDS[rnd.nextInt(FILLER_DASHBOARDS.length)],
                  SERVICES[rnd.nextInt(SERVICES.length)]);
      if (!titles.contains(filler)) {
        titles.add(filler);
      }
    }
    // a wide catalog has more boards than the filler titles: numbered team boards
    for (int n = 2; shape.dashboardsPerAccount() > 0 && titles.size() + 1 < target; n++) {
      titles.add("Team " + TEAMS[n % TEAMS.length] + " board " + n);
    }
    titles = shuffled(titles, rnd);
    titles.add(0, "Home");
    Map<String, String> idByTitle = new LinkedHashMap<>();
    List<Dashboard> dashboards = new ArrayList<>();
    for (int i = 0; i < titles.size(); i++) {
      String id = "d-" + (i + 1);
      idByTitle.put(titles.get(i), id);
      dashboards.add(
          new Dashboard(
              id, titles.get(i), deletedFrom.getOrDefault(titles.get(i), Integer.MAX_VALUE)));
    }

    List<Alert> alerts = new ArrayList<>();
    for (int k = 0; k < established; k++) {
      String svc = services.get(combos.get(k % combos.size())[0]);
      Symptom symptom = SYMPTOMS.get(combos.get(k % combos.size())[1]);
      // more alerts than (service, symptom) pairs: the same symptom in another region
      String region = k < combos.size() ? "" : REGIONS[(k / combos.size() - 1) % REGIONS.length];
      String[] relDash =
          Arrays.stream(relevantTitles.get(k)).map(idByTitle::get).toArray(String[]::new);
      List<QueryTemplate> queries = new ArrayList<>();
      queries.add(forService(symptom.queries().get(0), svc));
      if (rnd.nextDouble() < 0.6) {
        queries.add(forService(symptom.queries().get(1), svc));
      }
      if (rnd.nextDouble() < 0.3 && !symptom.key().equals("error_rate")) {
        queries.add(forService(SYMPTOMS.get(0).queries().get(0), svc));
      }
      alerts.add(
          new Alert(
              "al-" + (k + 1),
              String.format(symptom.title(), svc) + region,
              SEVERITIES[Math.min(4, 1 + rnd.nextInt(4) + (rnd.nextDouble() < 0.2 ? -1 : 0))],
              svc,
              symptom.key(),
              false,
              null,
              relDash,
              queries.toArray(QueryTemplate[]::new)));
    }
    double[] cumulative = new double[established];
    double sum = 0;
    for (int k = 0; k < established; k++) {
      sum += 1.0 / Math.pow(k + 1, 0.7);
      cumulative[k] = sum;
    }
    // cold alerts: siblings of the most investigated ones (al-1, al-2 by the weights above)
    int cold = shape.alertsPerAccount() > 0 ? 2 : 1 + rnd.nextInt(2);
    for (int c = 0; c < cold; c++) {
      Alert sibling = alerts.get(c);
      alerts.add(
          new Alert(
              "al-" + (established + c + 1),
              sibling.title() + COLD_SUFFIXES[rnd.nextInt(COLD_SUFFIXES.length)],
              sibling.severity(),
              sibling.service(),
              sibling.symptom(),
              true,
              sibling.id(),
              sibling.relevantDashboards(),
              sibling.relevantQueries()));
    }

    List<QueryTemplate> unrelated = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String svc = SERVICES[rnd.nextInt(SERVICES.length)];
      unrelated.add(
          switch (i % 5) {
            case 0 -> new QueryTemplate("service:" + svc + " AND level:warn");
            case 1 -> new QueryTemplate("host:web-{n} AND cpu.pct:>90", 1, 60);
            case 2 -> new QueryTemplate("message:\"" + WORDS[rnd.nextInt(WORDS.length)] + "\"");
            case 3 -> new QueryTemplate("trace_id:{hex}");
            default -> new QueryTemplate("user.id:{n} AND action:login", 1000, 99999);
          });
    }
    return new Account(
        index,
        accountName(index),
        List.copyOf(alerts),
        established,
        List.copyOf(dashboards),
        generic.stream().map(idByTitle::get).toArray(String[]::new),
        unrelated.toArray(QueryTemplate[]::new),
        cumulative);
  }

  private static QueryTemplate forService(QueryTemplate t, String service) {
    return new QueryTemplate(t.pattern().replace("%s", service), t.nMin(), t.nMax());
  }

  private static <T> List<T> shuffled(List<T> items, SplittableRandom rnd) {
    List<T> copy = new ArrayList<>(items);
    for (int i = copy.size() - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      T tmp = copy.get(i);
      copy.set(i, copy.get(j));
      copy.set(j, tmp);
    }
    return copy;
  }
}
