package dev.alertrecs.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Lists scored against a world's truth, by hand: acme al-1 (established) lists an irrelevant board
 * first, then both relevant ones; its queries are one template in two wordings (counted once) and a
 * second template; acme al-2 has no dashboard list; acme al-9 (new) leads with its board, and its
 * query names another service; globex al-1 shares acme al-1's ids but has no list of its own.
 */
class TruthScoresTest {
  static final String ERRORS = "service:cart AND level:error AND @timestamp:[now-{range} TO now]";
  static final String DISK = "host:cart-* AND disk.used_pct:>{n}";

  @Test
  void hitsAndNdcgPerItemTypeAndAlertGroup() {
    List<TruthScores.Alert> truth =
        List.of(
            new TruthScores.Alert(
                "acme", "al-1", false, Set.of("d-1", "d-2"), List.of(ERRORS, DISK)),
            new TruthScores.Alert("acme", "al-2", false, Set.of("d-5"), List.of()),
            new TruthScores.Alert(
                "acme", "al-9", true, Set.of("d-3"), List.of("service:pay AND status:{n}")),
            new TruthScores.Alert("globex", "al-1", false, Set.of("d-2"), List.of()));
    List<TruthScores.Listed> lists =
        List.of(
            listed("acme", "al-1", "dashboard", 1, "d-9", "Home"),
            listed("acme", "al-1", "dashboard", 2, "d-2", "Cart errors"),
            listed("acme", "al-1", "dashboard", 3, "d-1", "Cart latency"),
            // case, "and" and a doubled space are the same wording
            listed(
                "acme",
                "al-1",
                "query",
                1,
                "q-1",
                "Service:Cart  and level:Error AND @timestamp:[now-1h TO now]"),
            listed(
                "acme",
                "al-1",
                "query",
                2,
                "q-2",
                "service:cart AND level:error AND @timestamp:[now-5m TO now]"),
            listed("acme", "al-1", "query", 3, "q-3", "host:cart-* AND disk.used_pct:>80"),
            listed("acme", "al-9", "dashboard", 1, "d-3", "Payments"),
            listed("acme", "al-9", "query", 1, "q-7", "service:payments AND status:500"));
    // al-1 dashboards: DCG 1/log2(3) + 1/log2(4) = 1.13093 of an ideal 1 + 1/log2(3) = 1.63093
    // al-1 queries: the second wording gives nothing, DCG 1 + 1/log2(4) = 1.5 of 1.63093
    assertEquals(
        List.of(
            "dashboard established hit_rate@1 0.0000 n=3",
            "dashboard established hit_rate@3 0.3333 n=3",
            "dashboard established ndcg@3 0.2311 n=3",
            "dashboard new hit_rate@1 1.0000 n=1",
            "dashboard new hit_rate@3 1.0000 n=1",
            "dashboard new ndcg@3 1.0000 n=1",
            "query established hit_rate@1 1.0000 n=1",
            "query established hit_rate@3 1.0000 n=1",
            "query established ndcg@3 0.9197 n=1",
            "query new hit_rate@1 0.0000 n=1",
            "query new hit_rate@3 0.0000 n=1",
            "query new ndcg@3 0.0000 n=1"),
        TruthScores.score(truth, lists).stream().map(Object::toString).toList());
  }

  private static TruthScores.Listed listed(
      String account, String alert, String type, int rank, String id, String label) {
    return new TruthScores.Listed(account, alert, type, rank, id, label);
  }
}
