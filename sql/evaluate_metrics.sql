-- grain: one row per (model_or_baseline, item_type, alert_group, history_segment, metric, k)
-- input: evaluate_units, evaluate_relevance, evaluate_history_segments, evaluate_lists
-- The means over evaluation units (evaluate_units) of each per-unit figure: hit_rate, precision,
-- recall, ndcg at k = 1, 3, 5 and mrr (k null), per item type (dashboard, query, all), alert group
-- (warm: the alert had investigations in the evidence window; cold: none; all) and history
-- segment (0, 1-2, 3-9, 10-29, 30+ investigations in the window; all). Segment rows carry the
-- alert group their segment belongs to (0 is cold, the others warm) and exist per item type and
-- for all item types; the other rows have history_segment all. Coverage (k null, history_segment
-- all):
-- alert_coverage: share of investigated (alert, item type) pairs with a non-empty list.
-- item_coverage: share of the helpful items used that are in some list of the same account.
with relevant as (
  select r.*, s.alert_group
  from evaluate_relevance as r
  join evaluate_history_segments as s on s.account_id = r.account_id and s.alert_id = r.alert_id
),

listed as (
  select distinct model_or_baseline, account_id, alert_id, item_type from evaluate_lists
),

rankers as (
  select explode(array('model', 'account_popular', 'alert_popular')) as model_or_baseline
),

ranking_metrics as (
  select
    model_or_baseline,
    coalesce(item_type, 'all') as item_type,
    coalesce(alert_group, 'all') as alert_group,
    coalesce(history_segment, 'all') as history_segment,
    count(*) as n,
    avg(hit_1) as hit_rate_1,
    avg(hit_3) as hit_rate_3,
    avg(hit_5) as hit_rate_5,
    avg(precision_1) as precision_1,
    avg(precision_3) as precision_3,
    avg(precision_5) as precision_5,
    avg(recall_1) as recall_1,
    avg(recall_3) as recall_3,
    avg(recall_5) as recall_5,
    avg(ndcg_1) as ndcg_1,
    avg(ndcg_3) as ndcg_3,
    avg(ndcg_5) as ndcg_5,
    avg(reciprocal_rank) as mrr
  from evaluate_units
  group by grouping sets (
    (model_or_baseline, item_type, alert_group),
    (model_or_baseline, item_type),
    (model_or_baseline, alert_group),
    (model_or_baseline),
    (model_or_baseline, item_type, alert_group, history_segment),
    (model_or_baseline, alert_group, history_segment)
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
  select
    model_or_baseline, item_type, alert_group, history_segment, metric, cast(k as int) as k, value, n
  from (
    select
      model_or_baseline,
      item_type,
      alert_group,
      history_segment,
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
  select
    model_or_baseline, item_type, alert_group, 'all', 'alert_coverage', cast(null as int), value, n
  from alert_coverage
  union all
  select
    model_or_baseline, item_type, alert_group, 'all', 'item_coverage', cast(null as int), value, n
  from item_coverage
)

select * from final
