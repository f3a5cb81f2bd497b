-- grain: one row per (account, item_type, item_id) that is a navigation item of its account
-- input: navigation_item_evidence (query families merged), navigation_alert_evidence: the
--        evidence days the lists are built from; params: :navigation_min_share,
--        :navigation_min_alerts
-- A navigation item is one the account's people open whatever the alert (a Home page, a team's
-- landing dashboard): averaged over the account's alerts with investigations in the window, the
-- share of an alert's investigations that used it is at least :navigation_min_share, and
-- investigations of at least :navigation_min_alerts different alerts used it. Every alert weighs
-- the same in the average, so the own dashboard of one busy alert is not navigation however many
-- of the account's investigations it appears in; the alert count keeps an account with one or two
-- alerts from losing their items. The rule reads usage only, never titles. Such an item helps no
-- investigation in particular: the lists and the next steps never offer it, the relevance gives it
-- no label, the baselines do not list it.
with alert_totals as (
  select account_id, alert_id, sum(n_investigations) as n_investigations
  from navigation_alert_evidence
  group by account_id, alert_id
  having sum(n_investigations) > 0
),

account_alerts as (
  select account_id, count(*) as n_alerts
  from alert_totals
  group by account_id
),

item_totals as (
  select account_id, alert_id, item_type, item_id, sum(n_investigations) as n_investigations
  from navigation_item_evidence
  group by account_id, alert_id, item_type, item_id
),

item_spread as (
  -- per item: how many alerts used it, and the sum over them of the share of their
  -- investigations that did (an alert that never used it adds 0 to the average below)
  select
    i.account_id,
    i.item_type,
    i.item_id,
    count(*) as n_alerts_used,
    sum(least(i.n_investigations / a.n_investigations, 1D)) as sum_alert_share
  from item_totals as i
  join alert_totals as a on a.account_id = i.account_id and a.alert_id = i.alert_id
  group by i.account_id, i.item_type, i.item_id
),

final as (
  select
    s.account_id,
    s.item_type,
    s.item_id,
    s.n_alerts_used,
    c.n_alerts,
    s.sum_alert_share / c.n_alerts as mean_alert_share
  from item_spread as s
  join account_alerts as c on c.account_id = s.account_id
  where s.n_alerts_used >= :navigation_min_alerts
    and s.sum_alert_share / c.n_alerts >= :navigation_min_share
)

select * from final
