package dev.alertrecs.generate;

import dev.alertrecs.generate.SampleWorld.Account;
import dev.alertrecs.generate.SampleWorld.Alert;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Invents one day of user behaviour for the users of one shard (one file of one day) and hands each
 * action to an {@link EventWriter}. Each user is a lane: a sequence of activities over the day
 * (investigations of alerts, organic browsing) separated by idle gaps, so one user never does two
 * things at once. A lane stops when its share of the day's event budget is used up, so the day's
 * volume follows {@code eventsPerDay} at any scale while memory stays constant.
 *
 * <p>Night users (a deterministic hash of user and day) work until midnight and end with an
 * investigation that usually runs past it; the next day they start late, so a user's activities of
 * two days never overlap.
 */
final class ShardSimulation {
  static final long SECOND = 1000;
  static final long MINUTE = 60 * SECOND;
  static final long HOUR = 60 * MINUTE;
  static final long DAY = 24 * HOUR;

  /** Mean events per activity (approximate), used to size lanes. */
  static final double EVENTS_PER_ACTIVITY = 7.5;

  /** Activities of a user in a day at most (on average), which sets the number of users. */
  static final int ACTIVITIES_PER_LANE = 10;

  private static final double P_INVESTIGATION = 0.55;
  private static final double P_RECOMMENDATION = 0.2;
  private static final double P_LONG = 0.012;
  private static final double P_OPEN_ONLY = 0.07;
  private static final double P_SECOND_ALERT = 0.05;
  private static final double P_RESOLVE_OTHER = 0.04;
  private static final double P_NIGHT = 0.2;
  private static final long MAX_NORMAL_INVESTIGATION = 70 * MINUTE;
  private static final String REC = "recommendation";

  private final SplittableRandom rnd;
  private final EventWriter out;
  private final long seed;
  private final long epochDay;
  private final long dayStart;
  private final int dayIndex;
  private final int days;
  private final int file;
  private final int files;
  private final WorldShape shape;

  // state of the current account and activity, reused to avoid allocation per event
  private Account account;
  private String[][] liveDashboards;
  private String[] liveAllDashboards;
  private final int[] subset = new int[16];
  private int subsetSize;

  /** How far the current investigation has followed its alert's runbook order. */
  private int runbookStep;

  private long activityEnd;
  private boolean activityResolved;

  ShardSimulation(
      SplittableRandom rnd,
      EventWriter out,
      long seed,
      long epochDay,
      int dayIndex,
      int days,
      int file,
      int files,
      WorldShape shape) {
    this.rnd = rnd;
    this.out = out;
    this.seed = seed;
    this.epochDay = epochDay;
    this.dayStart = epochDay * DAY;
    this.dayIndex = dayIndex;
    this.days = days;
    this.file = file;
    this.files = files;
    this.shape = shape;
  }

  /** Users per account and shard needed for a budget of valid events. */
  static int lanesFor(double budget) {
    return (int) Math.max(3, Math.ceil(budget / (EVENTS_PER_ACTIVITY * ACTIVITIES_PER_LANE)));
  }

  /**
   * Users per account and shard of a packed shape: all of them once each has a few investigations
   * to do, fewer on a small day (a user works a whole investigation, so a tiny budget spread over
   * every user would overshoot the day's volume).
   */
  static int packedLanesFor(double budget, int users) {
    return (int) Math.max(1, Math.min(users, Math.ceil(budget / MIN_EVENTS_PER_PACKED_LANE)));
  }

  /** Events of a packed shape's user in a day at least: about two investigations. */
  static final double MIN_EVENTS_PER_PACKED_LANE = 20;

  /** Simulates all users of this shard in {@code acc}, for about {@code budget} events. */
  void run(Account acc, double budget) {
    account = acc;
    prepareLiveItems();
    int lanes =
        shape.usersPerAccount() > 0
            ? packedLanesFor(budget, (shape.usersPerAccount() - file + files - 1) / files)
            : lanesFor(budget);
    double laneBudget = budget / lanes;
    for (int lane = 0; lane < lanes; lane++) {
      int userNumber = lane * files + file + 1;
      lane(userNumber, laneBudget);
    }
    // alerts that fire without anyone looking (flapping, auto-resolving)
    long unattended = Math.round(budget * 0.01);
    for (long i = 0; i < unattended; i++) {
      Alert alert = account.alerts.get(account.pickEstablished(rnd));
      emit(
          dayStart + (long) (rnd.nextDouble() * DAY),
          null,
          "alert_fired",
          alert.id(),
          null,
          null,
          null);
    }
    // new alerts fire in their first days, but nobody has investigated them yet
    if (file == 0 && dayIndex >= days - 3) {
      for (int k = account.establishedAlerts; k < account.alerts.size(); k++) {
        for (int n = 1 + rnd.nextInt(2); n > 0; n--) {
          long t = dayStart + (long) (rnd.nextDouble() * DAY);
          emit(t, null, "alert_fired", account.alerts.get(k).id(), null, null, null);
        }
      }
    }
  }

  private void prepareLiveItems() {
    liveDashboards = new String[account.alerts.size()][];
    for (int k = 0; k < account.alerts.size(); k++) {
      liveDashboards[k] =
          Arrays.stream(account.alerts.get(k).relevantDashboards())
              .filter(d -> !account.dashboard(d).deletedOn(dayIndex))
              .toArray(String[]::new);
    }
    liveAllDashboards =
        account.dashboards.stream()
            .filter(d -> !d.deletedOn(dayIndex))
            .map(SampleWorld.Dashboard::id)
            .toArray(String[]::new);
  }

  static boolean isNight(long seed, int accountIndex, int userNumber, long epochDay) {
    long h = Seeds.mix(seed, 0x0016_4711L, accountIndex, userNumber, epochDay);
    return (h >>> 11) * 0x1.0p-53 < P_NIGHT;
  }

  private void lane(int userNumber, double laneBudget) {
    if (shape.packsInvestigations()) {
      packedLane(userNumber, laneBudget);
      return;
    }
    String user = "u-" + userNumber;
    boolean night = isNight(seed, account.index, userNumber, epochDay);
    boolean nightBefore = isNight(seed, account.index, userNumber, epochDay - 1);
    long t;
    long lastStart;
    if (night) {
      t = dayStart + 12 * HOUR + (long) (rnd.nextDouble() * 4 * HOUR);
      lastStart = dayStart + DAY - 20 * MINUTE;
    } else {
      // a night user's last investigation may run until about 01:10; start after it went idle
      long earliest = nightBefore ? 105 * MINUTE : 0;
      t = dayStart + earliest + (long) (rnd.nextDouble() * (10 * HOUR - earliest));
      lastStart = dayStart + 22 * HOUR + 30 * MINUTE;
    }
    double expectedActivities = Math.max(1, laneBudget / EVENTS_PER_ACTIVITY);
    double meanIdle =
        Math.max(2 * MINUTE, (lastStart - t) * 0.75 / expectedActivities - 8 * MINUTE);
    long used = 0;
    long budget = Math.round(laneBudget - EVENTS_PER_ACTIVITY / 2);
    long before = out.eventsWritten + out.malformedLines;
    while (t < lastStart && used < budget) {
      boolean investigation = rnd.nextDouble() < P_INVESTIGATION;
      if (investigation) {
        investigate(user, t, t < dayStart + 18 * HOUR);
      } else {
        browse(user, t);
      }
      used = out.eventsWritten + out.malformedLines - before;
      long idle = (long) (-Math.log(1 - rnd.nextDouble()) * meanIdle);
      if (investigation && !activityResolved) {
        // whoever just stops must stay quiet for longer than the idle limit of 30 minutes
        idle = Math.max(idle, 31 * MINUTE + (long) (rnd.nextDouble() * 20 * MINUTE));
      }
      t = activityEnd + Math.max(20 * SECOND, idle);
    }
    if (night) {
      long start = dayStart + DAY - MINUTE - (long) (rnd.nextDouble() * 9 * MINUTE);
      if (start > t) {
        investigate(user, start, false);
      }
    }
  }

  /**
   * A user of a packed shape: investigations of a fixed range of actions, one after another, spread
   * over the working day so that the lane's budget is used; the actions of one investigation stay
   * close together (about a minute apart), the pauses between investigations take the rest.
   */
  private void packedLane(int userNumber, double laneBudget) {
    String user = "u-" + userNumber;
    long t = dayStart + (long) (rnd.nextDouble() * 2 * HOUR);
    long lastStart = dayStart + 22 * HOUR;
    double meanActions = (shape.minActions() + shape.maxActions()) / 2.0;
    double expected = Math.max(1, laneBudget / (meanActions + 1));
    long perInvestigation = Math.max(10 * SECOND, (long) ((lastStart - t) / expected));
    long actionGap = Math.max(SECOND, Math.min(MINUTE, (long) (perInvestigation / meanActions)));
    long meanPause = Math.max(SECOND, perInvestigation - (long) (meanActions * actionGap));
    long used = 0;
    long budget = Math.round(laneBudget);
    long before = out.eventsWritten + out.malformedLines;
    while (t < lastStart && used < budget) {
      t = packedInvestigation(user, t, actionGap);
      used = out.eventsWritten + out.malformedLines - before;
      t += SECOND + (long) (-Math.log(1 - rnd.nextDouble()) * meanPause);
    }
  }

  /** An investigation of {@code minActions..maxActions} actions, its opening included. */
  private long packedInvestigation(String user, long t0, long actionGap) {
    int alert = account.pickEstablished(rnd);
    String alertId = account.alerts.get(alert).id();
    boolean rec = rnd.nextDouble() < P_RECOMMENDATION;
    if (rnd.nextDouble() < 0.9) {
      emit(
          t0 - 5 * SECOND - rnd.nextInt(60) * SECOND,
          null,
          "alert_fired",
          alertId,
          null,
          null,
          null);
    }
    emit(t0, user, "alert_opened", alertId, null, null, null);
    int actions = shape.minActions() + rnd.nextInt(shape.maxActions() - shape.minActions() + 1);
    boolean resolves = rnd.nextDouble() < 0.6;
    chooseSubset(alert);
    long t = t0;
    int itemsUsed = 0;
    for (int i = 1; i < actions - (resolves ? 1 : 0); i++) {
      t += SECOND + (long) (-Math.log(1 - rnd.nextDouble()) * actionGap);
      if (!rec && rnd.nextDouble() < 0.15) {
        emit(t, user, "dashboard_viewed", null, genericDashboard(), null, null);
      } else {
        String source = rec && (itemsUsed < 2 || rnd.nextDouble() < 0.35) ? REC : null;
        useRelevantItem(alert, t, user, source);
        itemsUsed++;
      }
    }
    if (resolves) {
      t += SECOND + (long) (rnd.nextDouble() * actionGap);
      emit(t, user, "alert_resolved", alertId, null, null, null);
    }
    activityEnd = t;
    return t;
  }

  private void investigate(String user, long t0, boolean allowLong) {
    int alert = account.pickEstablished(rnd);
    boolean rec = rnd.nextDouble() < P_RECOMMENDATION;
    boolean isLong = allowLong && rnd.nextDouble() < P_LONG;
    String alertId = account.alerts.get(alert).id();
    if (rnd.nextDouble() < 0.9) {
      long delay =
          5 * SECOND + (long) Math.min(20 * MINUTE, -Math.log(1 - rnd.nextDouble()) * 3 * MINUTE);
      emit(t0 - delay, null, "alert_fired", alertId, null, null, null);
    }
    emit(t0, user, "alert_opened", alertId, null, null, null);
    activityEnd = t0;
    activityResolved = false;
    if (!isLong && rnd.nextDouble() < P_OPEN_ONLY) {
      return;
    }
    double pace = rec ? 0.88 : 1.0;
    long t = t0;
    if (!rec) {
      if (rnd.nextDouble() < 0.7) {
        t += gap(pace);
        emit(t, user, "dashboard_viewed", null, SampleWorld.HOME, null, null);
      }
      if (rnd.nextDouble() < 0.35) {
        t += gap(pace);
        emit(t, user, "dashboard_viewed", null, genericDashboard(), null, null);
      }
      if (rnd.nextDouble() < 0.25) {
        t += gap(pace);
        emit(t, user, "query_run", null, null, unrelatedQuery(), null);
      }
    }
    chooseSubset(alert);
    int actions =
        isLong ? Integer.MAX_VALUE : 1 + (int) Math.min(37, -Math.log(1 - rnd.nextDouble()) * 6);
    long stopAfter =
        isLong
            ? 4 * HOUR + 5 * MINUTE + (long) (rnd.nextDouble() * 55 * MINUTE)
            : MAX_NORMAL_INVESTIGATION;
    boolean others = account.establishedAlerts > 1;
    int span = isLong ? 30 : Math.max(1, actions - 1);
    int switchAt = others && rnd.nextDouble() < P_SECOND_ALERT ? 1 + rnd.nextInt(span) : -1;
    int resolveOtherAt = others && rnd.nextDouble() < P_RESOLVE_OTHER ? 1 + rnd.nextInt(span) : -1;
    int itemsUsed = 0;
    for (int i = 0; i < actions; i++) {
      long step = isLong ? 2 * MINUTE + (long) (rnd.nextDouble() * 4 * MINUTE) : gap(pace);
      if (t + step - t0 > stopAfter) {
        break;
      }
      t += step;
      double r = rnd.nextDouble();
      if (i == switchAt) {
        // the user opens another alert: from here on they work on that one
        alert = otherAlert(alert);
        alertId = account.alerts.get(alert).id();
        emit(t, user, "alert_opened", alertId, null, null, null);
        chooseSubset(alert);
      } else if (i == resolveOtherAt) {
        emit(
            t,
            user,
            "alert_resolved",
            account.alerts.get(otherAlert(alert)).id(),
            null,
            null,
            null);
      } else if (!rec && r < 0.1) {
        if (rnd.nextBoolean()) {
          emit(t, user, "dashboard_viewed", null, SampleWorld.HOME, null, null);
        } else {
          emit(t, user, "query_run", null, null, unrelatedQuery(), null);
        }
      } else {
        String source =
            rec && (itemsUsed < 2 || rnd.nextDouble() < 0.35)
                ? REC
                : rnd.nextDouble() < 0.05 ? "organic" : null;
        useRelevantItem(alert, t, user, source);
        itemsUsed++;
      }
    }
    if (rnd.nextDouble() < (rec ? 0.6 : 0.5)) {
      t += gap(pace);
      emit(t, user, "alert_resolved", alertId, null, null, null);
      activityResolved = true;
    }
    activityEnd = t;
  }

  private void browse(String user, long t) {
    int n = 1 + rnd.nextInt(5);
    for (int i = 0; i < n; i++) {
      t += 10 * SECOND + (long) (rnd.nextDouble() * 3 * MINUTE);
      double r = rnd.nextDouble();
      if (r < 0.35) {
        emit(t, user, "page_viewed", null, null, null, null);
      } else if (r < 0.45) {
        emit(t, user, "settings_changed", null, null, null, null);
      } else if (r < 0.65) {
        emit(t, user, "dashboard_viewed", null, SampleWorld.HOME, null, null);
      } else if (r < 0.8) {
        emit(t, user, "dashboard_viewed", null, genericDashboard(), null, null);
      } else if (r < 0.9) {
        String d = liveAllDashboards[rnd.nextInt(liveAllDashboards.length)];
        emit(t, user, "dashboard_viewed", null, d, null, null);
      } else {
        emit(t, user, "query_run", null, null, unrelatedQuery(), null);
      }
    }
    activityEnd = t;
    activityResolved = true;
  }

  /**
   * Picks which relevant items this user will use (not always all of them), in the order of the
   * alert's runbook: each alert has its own fixed order of its items, so what people open next
   * depends on the alert and on what they opened last.
   */
  private void chooseSubset(int alert) {
    int items = liveDashboards[alert].length + account.alerts.get(alert).relevantQueries().length;
    subsetSize = 0;
    for (int i = 0; i < items && i < subset.length; i++) {
      if (rnd.nextDouble() < 0.7) {
        subset[subsetSize++] = i;
      }
    }
    if (subsetSize == 0) {
      subset[subsetSize++] = rnd.nextInt(items);
    }
    String alertId = account.alerts.get(alert).id();
    Integer[] ordered = new Integer[subsetSize];
    for (int i = 0; i < subsetSize; i++) {
      ordered[i] = subset[i];
    }
    java.util.Arrays.sort(
        ordered,
        java.util.Comparator.comparingInt((Integer i) -> runbookPosition(alertId, i))
            .thenComparingInt(i -> i));
    for (int i = 0; i < subsetSize; i++) {
      subset[i] = ordered[i];
    }
    runbookStep = 0;
  }

  /** The place of an alert's relevant item in that alert's runbook: fixed per (alert, item). */
  private static int runbookPosition(String alertId, int item) {
    return (alertId + "#" + item).hashCode() * 0x9E3779B9;
  }

  /**
   * Three uses in four take the next item of the runbook while the runbook lasts; the rest (and
   * every use after its end) take any item of the chosen ones again.
   */
  private void useRelevantItem(int alert, long t, String user, String source) {
    int draw = rnd.nextInt(4 * subsetSize);
    int item =
        draw < 3 * subsetSize && runbookStep < subsetSize
            ? subset[runbookStep++]
            : subset[draw % subsetSize];
    String[] dashboards = liveDashboards[alert];
    if (item < dashboards.length) {
      emit(t, user, "dashboard_viewed", null, dashboards[item], null, source);
    } else {
      QueryTemplate q = account.alerts.get(alert).relevantQueries()[item - dashboards.length];
      emit(t, user, "query_run", null, null, q.type(rnd), source);
    }
  }

  private int otherAlert(int alert) {
    int other = account.pickEstablished(rnd);
    return other != alert ? other : (alert + 1) % account.establishedAlerts;
  }

  private String genericDashboard() {
    return account.genericDashboards[rnd.nextInt(account.genericDashboards.length)];
  }

  private String unrelatedQuery() {
    return account.unrelatedQueries[rnd.nextInt(account.unrelatedQueries.length)].type(rnd);
  }

  /** Gap between two actions of an investigation: 5 s to 8 min, mostly about a minute. */
  private long gap(double pace) {
    double g =
        5 * SECOND
            + Math.min(8 * MINUTE - 5 * SECOND, -Math.log(1 - rnd.nextDouble()) * 90 * SECOND);
    return (long) (g * pace);
  }

  private void emit(
      long ts,
      String user,
      String action,
      String alert,
      String dashboard,
      String query,
      String source) {
    out.emit(account.id, ts, user, action, alert, dashboard, query, source);
  }
}
