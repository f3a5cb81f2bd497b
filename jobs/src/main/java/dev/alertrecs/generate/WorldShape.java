package dev.alertrecs.generate;

import dev.alertrecs.config.SettingsException;
import java.util.Locale;

/**
 * The shape of a generated world, apart from its volume: how many alerts, dashboards, services and
 * users an account has, how long investigations are, and how a day's files are written.
 *
 * <ul>
 *   <li>{@link #SAMPLE}: a few dozen objects per account, users sized to the day's volume, gzip
 *       files with the last part of a day plain; the demo's and the tests' world.
 *   <li>{@link #DENSE}: 60 alerts, 300 dashboards and 400 users per account, 3 services (about 40
 *       query families), investigations of 3 to 12 actions one after another (users with many
 *       investigations a day), plain JSON files. Run with many accounts ({@code --accounts 50}) and
 *       two files a day it is the day the sample world never makes: wide catalogs, long user
 *       timelines and one account far bigger than the others.
 * </ul>
 *
 * @param name the name on the command line
 * @param alertsPerAccount alerts of an account, new ones included (0: 9 to 17, as sampled)
 * @param dashboardsPerAccount dashboards of an account (0: 25 to 40, as sampled)
 * @param servicesPerAccount services the alerts are about; with the symptoms' query templates they
 *     set the number of query families (0: 4 to 6, as sampled)
 * @param usersPerAccount users of an account in a day (0: as many as the day's volume needs)
 * @param minActions fewest actions of an investigation, its opening included (0: as sampled)
 * @param maxActions most actions of an investigation, its opening included (0: as sampled)
 * @param plainJson every action file plain JSON, none gzip
 */
public record WorldShape(
    String name,
    int alertsPerAccount,
    int dashboardsPerAccount,
    int servicesPerAccount,
    int usersPerAccount,
    int minActions,
    int maxActions,
    boolean plainJson) {

  public static final WorldShape SAMPLE = new WorldShape("sample", 0, 0, 0, 0, 0, 0, false);
  public static final WorldShape DENSE = new WorldShape("dense", 60, 300, 3, 400, 3, 12, true);

  /** The shape of a name, {@code sample} or {@code dense}. */
  public static WorldShape named(String name) {
    return switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
      case "sample" -> SAMPLE;
      case "dense" -> DENSE;
      default -> throw new SettingsException("shape must be sample or dense, got: " + name);
    };
  }

  /** True for a shape with investigations of a fixed range of actions, back to back. */
  boolean packsInvestigations() {
    return maxActions > 0;
  }
}
