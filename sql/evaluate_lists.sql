-- grain: one row per (model_or_baseline, account, alert, item_type, rank)
-- input: backtest_recommendations (the model's lists, built only from evidence before the run
--        date), backtest_item_evidence (the same evidence days), catalog_dashboards,
--        find_navigation_items, evaluate_relevance (which alerts were investigated); params: :top_k
-- The lists the backtest scores. The baselines use the same evidence and the same rules as the
-- model (at most :top_k items, live dashboards of the account only, ties broken by item id), and
-- leave out the account's navigation items, which the relevance never counts as help: a baseline
-- that lists Home would only be weaker, and the model is held to the strongest simple rule:
--   account_popular  the account's items used by the most investigations; one list for all alerts
--   alert_popular    this alert's items used by the most investigations (raw counts, no decay);
--                    no list for an alert without history
with dashboards as (
  select account_id, dashboard_id from catalog_dashboards where not coalesce(deleted, false)
),

usable as (
  select e.account_id, e.alert_id, e.item_type, e.item_id, e.n_investigations
  from backtest_item_evidence as e
  left join dashboards as d
    on e.item_type = 'dashboard' and d.account_id = e.account_id and d.dashboard_id = e.item_id
  left anti join find_navigation_items as n
    on n.account_id = e.account_id and n.item_type = e.item_type and n.item_id = e.item_id
  where e.item_type = 'query' or d.dashboard_id is not null
),

alert_counts as (
  select account_id, alert_id, item_type, item_id, sum(n_investigations) as n_investigations
  from usable
  group by account_id, alert_id, item_type, item_id
),

alert_ranked as (
  select
    *,
    row_number() over (
      partition by account_id, alert_id, item_type order by n_investigations desc, item_id
    ) as rank
  from alert_counts
),

account_counts as (
  select account_id, item_type, item_id, sum(n_investigations) as n_investigations
  from usable
  group by account_id, item_type, item_id
),

account_ranked as (
  select
    *,
    row_number() over (
      partition by account_id, item_type order by n_investigations desc, item_id
    ) as rank
  from account_counts
),

investigated_alerts as (
  select distinct account_id, alert_id from evaluate_relevance
),

final as (
  select 'model' as model_or_baseline, account_id, alert_id, item_type, rank, item_id
  from backtest_recommendations
  union all
  select 'alert_popular', r.account_id, r.alert_id, r.item_type, cast(r.rank as int), r.item_id
  from alert_ranked as r
  left semi join investigated_alerts as a on a.account_id = r.account_id and a.alert_id = r.alert_id
  where r.rank <= :top_k
  union all
  select 'account_popular', a.account_id, a.alert_id, r.item_type, cast(r.rank as int), r.item_id
  from investigated_alerts as a
  inner join account_ranked as r on r.account_id = a.account_id
  where r.rank <= :top_k
)

select * from final
