-- grain: one row per (model_or_baseline, item_type, alert_group, metric, k)
-- input: evaluate_relevance, evaluate_lists, backtest_alert_evidence
-- An evaluation unit is one investigation and one item type it used; its list is the one the
-- ranker gives its alert for that type (no list: every metric is 0). For each cutoff k:
--   hit_rate   share of units with a relevant item in the top k
--   precision  relevant items in the top k / k (an empty or short list still divides by k)
--   recall     relevant items in the top k / the unit's relevant items
--   ndcg       DCG / ideal DCG, gain 2^gain - 1 at rank r discounted by log2(r + 1)
-- mrr (k null): 1 / rank of the first relevant item of the whole list, 0 without one.
-- alert_coverage (k null): share of investigated (alert, item type) pairs with a non-empty list.
-- item_coverage (k null): share of the items used that are in some list of the same account.
-- alert_group: warm when the alert has investigations of its own in the evidence window, else
-- cold; rows with item_type or alert_group 'all' pool the units of every type or group.
-- The relevant items are joined with the (small, broadcast) lists: only listed ones produce rows,
-- whose cutoffs are conditional sums per (ranker, unit). A unit with no listed relevant item
-- scores 0 everywhere, so the sums per (ranker, item type, alert group) need rows only for units
-- with one; the number of units comes from the relevance itself. The grouping sets then roll up
-- those few sums.
with history as (
  select account_id, alert_id
  from backtest_alert_evidence
  group by account_id, alert_id
  having sum(n_investigations) > 0
),

relevant as (
  select
    r.*,
    case when h.alert_id is not null then 'warm' else 'cold' end as alert_group
  from evaluate_relevance as r
  left join history as h on h.account_id = r.account_id and h.alert_id = r.alert_id
),

list_positions as (
  -- each listed item with its 1-based position in its list
  select
    model_or_baseline,
    account_id,
    alert_id,
    item_type,
    item_id,
    row_number() over (
      partition by model_or_baseline, account_id, alert_id, item_type order by rank
    ) as position
  from evaluate_lists
),

listed as (
  select distinct model_or_baseline, account_id, alert_id, item_type from evaluate_lists
),

rankers as (
  select explode(array('model', 'account_popular', 'alert_popular')) as model_or_baseline
),

relevant_units as (
  -- each relevant item with its unit's size and ideal DCG (they do not depend on the ranker); the
  -- window keys are the ones the relevance is already partitioned and sorted by
  select
    *,
    (pow(2, gain) - 1) as gain_value,
    count(*) over unit as n_relevant,
    sum(case when ideal_rank <= 1 then (pow(2, gain) - 1) / log2(ideal_rank + 1) else 0D end)
      over unit as idcg_1,
    sum(case when ideal_rank <= 3 then (pow(2, gain) - 1) / log2(ideal_rank + 1) else 0D end)
      over unit as idcg_3,
    sum(case when ideal_rank <= 5 then (pow(2, gain) - 1) / log2(ideal_rank + 1) else 0D end)
      over unit as idcg_5
  from relevant
  window unit as (partition by investigation_id, item_type)
),

unit_hits as (
  -- one row per (ranker, unit) with at least one relevant item in the ranker's list: hits and
  -- DCG at each cutoff and the first hit. Only listed relevant items join (the lists are small
  -- and broadcast); a unit without one scores 0 on every metric and needs no row
  select
    l.model_or_baseline,
    r.investigation_id,
    r.item_type,
    r.alert_group,
    max(r.n_relevant) as n_relevant,
    max(r.idcg_1) as idcg_1,
    max(r.idcg_3) as idcg_3,
    max(r.idcg_5) as idcg_5,
    count_if(l.position <= 1) as hits_1,
    count_if(l.position <= 3) as hits_3,
    count_if(l.position <= 5) as hits_5,
    sum(case when l.position <= 1 then r.gain_value / log2(l.position + 1) else 0D end) as dcg_1,
    sum(case when l.position <= 3 then r.gain_value / log2(l.position + 1) else 0D end) as dcg_3,
    sum(case when l.position <= 5 then r.gain_value / log2(l.position + 1) else 0D end) as dcg_5,
    min(l.position) as first_hit_rank
  from relevant_units as r
  join list_positions as l
    on l.account_id = r.account_id
    and l.alert_id = r.alert_id
    and l.item_type = r.item_type
    and l.item_id = r.item_id
  group by l.model_or_baseline, r.investigation_id, r.item_type, r.alert_group
),

hit_sums as (
  select
    model_or_baseline,
    item_type,
    alert_group,
    sum(case when hits_1 > 0 then 1D else 0D end) as hit_rate_1,
    sum(case when hits_3 > 0 then 1D else 0D end) as hit_rate_3,
    sum(case when hits_5 > 0 then 1D else 0D end) as hit_rate_5,
    sum(hits_1 / 1D) as precision_1,
    sum(hits_3 / 3D) as precision_3,
    sum(hits_5 / 5D) as precision_5,
    sum(hits_1 / n_relevant) as recall_1,
    sum(hits_3 / n_relevant) as recall_3,
    sum(hits_5 / n_relevant) as recall_5,
    sum(dcg_1 / idcg_1) as ndcg_1,
    sum(dcg_3 / idcg_3) as ndcg_3,
    sum(dcg_5 / idcg_5) as ndcg_5,
    sum(1D / first_hit_rank) as mrr
  from unit_hits
  group by model_or_baseline, item_type, alert_group
),

unit_counts as (
  -- every unit under every ranker; ideal_rank 1 marks exactly one row per unit
  select m.model_or_baseline, u.item_type, u.alert_group, u.n
  from (
    select item_type, alert_group, count(*) as n
    from relevant
    where ideal_rank = 1
    group by item_type, alert_group
  ) as u
  cross join rankers as m
),

unit_sums as (
  -- sums per finest group first: the grouping sets below then roll up a few rows, not every unit
  -- four times (an average of a union is the sum of the sums over the sum of the counts)
  select
    c.model_or_baseline,
    c.item_type,
    c.alert_group,
    c.n,
    coalesce(h.hit_rate_1, 0D) as hit_rate_1,
    coalesce(h.hit_rate_3, 0D) as hit_rate_3,
    coalesce(h.hit_rate_5, 0D) as hit_rate_5,
    coalesce(h.precision_1, 0D) as precision_1,
    coalesce(h.precision_3, 0D) as precision_3,
    coalesce(h.precision_5, 0D) as precision_5,
    coalesce(h.recall_1, 0D) as recall_1,
    coalesce(h.recall_3, 0D) as recall_3,
    coalesce(h.recall_5, 0D) as recall_5,
    coalesce(h.ndcg_1, 0D) as ndcg_1,
    coalesce(h.ndcg_3, 0D) as ndcg_3,
    coalesce(h.ndcg_5, 0D) as ndcg_5,
    coalesce(h.mrr, 0D) as mrr
  from unit_counts as c
  left join hit_sums as h
    on h.model_or_baseline = c.model_or_baseline
    and h.item_type = c.item_type
    and h.alert_group = c.alert_group
),

ranking_metrics as (
  select
    model_or_baseline,
    coalesce(item_type, 'all') as item_type,
    coalesce(alert_group, 'all') as alert_group,
    sum(n) as n,
    sum(hit_rate_1) / sum(n) as hit_rate_1,
    sum(hit_rate_3) / sum(n) as hit_rate_3,
    sum(hit_rate_5) / sum(n) as hit_rate_5,
    sum(precision_1) / sum(n) as precision_1,
    sum(precision_3) / sum(n) as precision_3,
    sum(precision_5) / sum(n) as precision_5,
    sum(recall_1) / sum(n) as recall_1,
    sum(recall_3) / sum(n) as recall_3,
    sum(recall_5) / sum(n) as recall_5,
    sum(ndcg_1) / sum(n) as ndcg_1,
    sum(ndcg_3) / sum(n) as ndcg_3,
    sum(ndcg_5) / sum(n) as ndcg_5,
    sum(mrr) / sum(n) as mrr
  from unit_sums
  group by grouping sets (
    (model_or_baseline, item_type, alert_group),
    (model_or_baseline, item_type),
    (model_or_baseline, alert_group),
    (model_or_baseline)
  )
),

investigated as (
  select
    m.model_or_baseline,
    a.account_id,
    a.alert_id,
    a.item_type,
    a.alert_group,
    l.model_or_baseline is not null as has_list
  from (select distinct account_id, alert_id, item_type, alert_group from relevant) as a
  cross join rankers as m
  left join listed as l
    on l.model_or_baseline = m.model_or_baseline
    and l.account_id = a.account_id
    and l.alert_id = a.alert_id
    and l.item_type = a.item_type
),

alert_coverage as (
  select
    model_or_baseline,
    coalesce(item_type, 'all') as item_type,
    coalesce(alert_group, 'all') as alert_group,
    avg(case when has_list then 1D else 0D end) as value,
    count(*) as n
  from investigated
  group by grouping sets (
    (model_or_baseline, item_type, alert_group),
    (model_or_baseline, item_type),
    (model_or_baseline, alert_group),
    (model_or_baseline)
  )
),

listed_items as (
  select distinct model_or_baseline, account_id, item_type, item_id from evaluate_lists
),

used_items as (
  select m.model_or_baseline, r.account_id, r.item_type, r.item_id, r.alert_group
  from (select distinct account_id, item_type, item_id, alert_group from relevant) as r
  cross join rankers as m
),

item_uses as (
  select
    u.*,
    concat_ws('|', u.account_id, u.item_type, u.item_id) as item_key,
    l.item_id is not null as is_listed
  from used_items as u
  left join listed_items as l
    on l.model_or_baseline = u.model_or_baseline
    and l.account_id = u.account_id
    and l.item_type = u.item_type
    and l.item_id = u.item_id
),

item_coverage as (
  select
    model_or_baseline,
    coalesce(item_type, 'all') as item_type,
    coalesce(alert_group, 'all') as alert_group,
    count(distinct case when is_listed then item_key end) / count(distinct item_key) as value,
    count(distinct item_key) as n
  from item_uses
  group by grouping sets (
    (model_or_baseline, item_type, alert_group),
    (model_or_baseline, item_type),
    (model_or_baseline, alert_group),
    (model_or_baseline)
  )
),

final as (
  select model_or_baseline, item_type, alert_group, metric, cast(k as int) as k, value, n
  from (
    select
      model_or_baseline,
      item_type,
      alert_group,
      n,
      stack(
        13,
        'hit_rate', 1, hit_rate_1, 'hit_rate', 3, hit_rate_3, 'hit_rate', 5, hit_rate_5,
        'precision', 1, precision_1, 'precision', 3, precision_3, 'precision', 5, precision_5,
        'recall', 1, recall_1, 'recall', 3, recall_3, 'recall', 5, recall_5,
        'ndcg', 1, ndcg_1, 'ndcg', 3, ndcg_3, 'ndcg', 5, ndcg_5,
        'mrr', null, mrr
      ) as (metric, k, value)
    from ranking_metrics
  )
  union all
  select model_or_baseline, item_type, alert_group, 'alert_coverage', cast(null as int), value, n
  from alert_coverage
  union all
  select model_or_baseline, item_type, alert_group, 'item_coverage', cast(null as int), value, n
  from item_coverage
)

select * from final
