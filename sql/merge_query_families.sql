-- grain: one row per (evidence_date, account, alert, item_type, item_id) after merging query
--        families: the columns of item_evidence_window, re-keyed by the merged family id
-- input: item_evidence_window, alert_evidence_window, query_family_map (account, item_id ->
--        family_id, family_label: only textual families that MinHash merged; the label is the
--        most used member text of the window)
-- The stored evidence stays keyed by the textual family (valid across days whatever the merges);
-- the merge happens here, at scoring time. One investigation that ran two variants of a family
-- counts once: the family's investigations are the union of its variants' investigation sketches
-- (exact at these sizes). The proximity sum, the resolved investigations and their grades are scaled by that count over the variants' summed
-- uses, and an investigation's duration is listed once per variant it ran: both approximate for
-- such investigations. Evidence stored without the sketch falls back to the summed uses capped
-- at the alert's investigations of the day.
with remapped as (
  select
    e.evidence_date,
    e.account_id,
    e.alert_id,
    e.item_type,
    coalesce(m.family_id, e.item_id) as item_id,
    e.n_investigations,
    e.users_sketch,
    e.investigations_sketch,
    e.sum_proximity,
    e.n_resolved,
    e.sum_gain,
    e.n_via_recommendation,
    e.durations_s,
    coalesce(m.family_label, e.label) as label,
    e.label_uses
  from item_evidence_window as e
  left join query_family_map as m
    on e.item_type = 'query' and m.account_id = e.account_id and m.item_id = e.item_id
),

alert_days as (
  select evidence_date, account_id, alert_id, sum(n_investigations) as n_investigations
  from alert_evidence_window
  group by evidence_date, account_id, alert_id
),

merged as (
  select
    evidence_date,
    account_id,
    alert_id,
    item_type,
    item_id,
    sum(n_investigations) as n_uses,
    hll_union_agg(users_sketch) as users_sketch,
    hll_sketch_estimate(hll_union_agg(investigations_sketch)) as n_distinct_investigations,
    count(investigations_sketch) = count(*) as has_investigation_sketches,
    sum(sum_proximity) as sum_proximity,
    sum(n_resolved) as n_resolved,
    sum(sum_gain) as sum_gain,
    sum(n_via_recommendation) as n_via_recommendation,
    array_sort(flatten(collect_list(durations_s))) as durations_s,
    max_by(label, struct(label_uses, label)) as label,
    max_by(label_uses, struct(label_uses, label)) as label_uses
  from remapped
  group by evidence_date, account_id, alert_id, item_type, item_id
),

counted as (
  select
    m.*,
    case
      when m.has_investigation_sketches then m.n_distinct_investigations
      else least(m.n_uses, coalesce(a.n_investigations, m.n_uses))
    end as n_family_investigations
  from merged as m
  left join alert_days as a
    on a.evidence_date = m.evidence_date and a.account_id = m.account_id
    and a.alert_id = m.alert_id
),

final as (
  select
    evidence_date,
    account_id,
    alert_id,
    item_type,
    item_id,
    n_family_investigations as n_investigations,
    users_sketch,
    sum_proximity * n_family_investigations / n_uses as sum_proximity,
    n_resolved * n_family_investigations / n_uses as n_resolved,
    sum_gain * n_family_investigations / n_uses as sum_gain,
    least(n_via_recommendation, n_family_investigations) as n_via_recommendation,
    durations_s,
    label,
    label_uses
  from counted
)

select * from final
