-- grain: one row per (account, alert, item_type, item_id) with evidence in the window
-- input: item_evidence_window, alert_evidence_window (stored daily evidence of the window days)
-- params: :run_date, :half_life_days, :min_lift, :min_significance, :min_investigations,
--         :prior_weight (item_prior_weight)
-- score = help = (G + :prior_weight x prior) / (R + :prior_weight), 0 unless lift > 1
--   G         decayed sum of the item's grades in the alert's resolved investigations (3 when it
--             was the item of its type used last before the resolve, 2 just before, 1 earlier)
--   R         decayed resolved investigations of the alert
--   prior     the item's help in the account's other alerts: (G of the account - G) / (R of the
--             account - R), 0 when no other alert used it
--   lift      how much more often than in the account's average investigation (smoothed); an
--             item everyone opens whatever the alert (Home) has a lift near 1 and scores 0
-- help is the item's expected grade in the alert's next resolved investigation, the evaluation's
-- definition of help (evaluate_relevance.sql); ranking by it maximizes the list's expected DCG.
-- An alert whose window holds only evidence stored before grades were kept (no n_resolved) is
-- scored by use: share x (1 - 1 / lift) x (0.5 + 0.5 x proximity) x speed, with
--   share     decayed fraction of this alert's investigations that used the item
--   proximity mean closeness of its last use to the stop (1 = used right before the stop)
--   speed     the alert's median time to resolve over the median of investigations using the
--             item (+60 s each), clipped to [0.5, 2]
-- Evidence of day d weighs 0.5 ^ (age in days / half_life_days).
-- An item is eligible when it was used in at least :min_investigations investigations of the
-- alert, its lift reaches :min_lift and Dunning's log-likelihood ratio G2 over the raw 2x2 table
-- (this alert or not, used the item or not) reaches :min_significance (10.83 is p < 0.001 for one
-- degree of freedom). Both cut-offs are optional, off by default (1.0 and 0).
with item_days as (
  select *, pow(0.5, datediff(:run_date, evidence_date) / :half_life_days) as weight
  from item_evidence_window
),

alert_days as (
  select *, pow(0.5, datediff(:run_date, evidence_date) / :half_life_days) as weight
  from alert_evidence_window
),

per_item as (
  select
    account_id,
    alert_id,
    item_type,
    item_id,
    sum(n_investigations) as n_investigations,
    sum(n_investigations * weight) as w_investigations,
    sum(sum_proximity * weight) as w_proximity,
    sum(coalesce(n_resolved, 0) * weight) as w_resolved,
    sum(coalesce(sum_gain, 0) * weight) as w_gain,
    sum(n_via_recommendation) as n_via_recommendation,
    hll_sketch_estimate(hll_union_agg(users_sketch)) as n_users,
    array_sort(flatten(collect_list(durations_s))) as durations_s,
    max(evidence_date) as last_evidence_date
  from item_days
  group by account_id, alert_id, item_type, item_id
),

per_alert as (
  select
    account_id,
    alert_id,
    sum(n_investigations) as n_investigations,
    sum(n_investigations * weight) as w_investigations,
    sum(coalesce(n_resolved, 0) * weight) as w_resolved,
    array_sort(flatten(collect_list(durations_s))) as durations_s
  from alert_days
  group by account_id, alert_id
),

per_account as (
  select
    account_id,
    sum(n_investigations) as n_investigations,
    sum(w_investigations) as w_investigations,
    sum(w_resolved) as w_resolved
  from per_alert
  group by account_id
),

per_account_item as (
  select
    account_id,
    item_type,
    item_id,
    sum(n_investigations) as n_investigations,
    sum(w_investigations) as w_investigations,
    sum(w_gain) as w_gain
  from per_item
  group by account_id, item_type, item_id
),

label_uses as (
  select account_id, item_type, item_id, label, sum(label_uses) as uses
  from item_evidence_window
  where label is not null
  group by account_id, item_type, item_id, label
),

labels as (
  select account_id, item_type, item_id, max_by(label, struct(uses, label)) as label
  from label_uses
  group by account_id, item_type, item_id
),

medians as (
  select
    i.*,
    a.n_investigations as alert_n_investigations,
    a.w_investigations as alert_w_investigations,
    a.w_resolved as alert_w_resolved,
    ai.w_gain as account_item_w_gain,
    acc.w_resolved as account_w_resolved,
    ai.n_investigations as account_item_n_investigations,
    ai.w_investigations as account_item_w_investigations,
    acc.n_investigations as account_n_investigations,
    acc.w_investigations as account_w_investigations,
    case when size(i.durations_s) > 0 then
      (element_at(i.durations_s, cast(floor((size(i.durations_s) + 1) / 2.0) as int))
        + element_at(i.durations_s, cast(ceil((size(i.durations_s) + 1) / 2.0) as int))) / 2
    end as item_median_s,
    case when size(a.durations_s) > 0 then
      (element_at(a.durations_s, cast(floor((size(a.durations_s) + 1) / 2.0) as int))
        + element_at(a.durations_s, cast(ceil((size(a.durations_s) + 1) / 2.0) as int))) / 2
    end as alert_median_s,
    l.label
  from per_item as i
  inner join per_alert as a on a.account_id = i.account_id and a.alert_id = i.alert_id
  inner join per_account as acc on acc.account_id = i.account_id
  inner join per_account_item as ai
    on ai.account_id = i.account_id and ai.item_type = i.item_type and ai.item_id = i.item_id
  left join labels as l
    on l.account_id = i.account_id and l.item_type = i.item_type and l.item_id = i.item_id
),

contingency as (
  -- the raw 2x2 table: k11 this alert and the item, k12 this alert without it,
  -- k21 the item in other alerts, k22 neither
  select
    *,
    cast(n_investigations as double) as k11,
    cast(alert_n_investigations - n_investigations as double) as k12,
    cast(account_item_n_investigations - n_investigations as double) as k21,
    cast(account_n_investigations - alert_n_investigations - account_item_n_investigations
      + n_investigations as double) as k22,
    cast(account_n_investigations as double) as n_all
  from medians
),

features as (
  select
    *,
    2 * (
      case when k11 > 0 then k11 * ln(k11 * n_all / ((k11 + k12) * (k11 + k21))) else 0 end
      + case when k12 > 0 then k12 * ln(k12 * n_all / ((k11 + k12) * (k12 + k22))) else 0 end
      + case when k21 > 0 then k21 * ln(k21 * n_all / ((k21 + k22) * (k11 + k21))) else 0 end
      + case when k22 > 0 then k22 * ln(k22 * n_all / ((k21 + k22) * (k12 + k22))) else 0 end
    ) as significance,
    w_investigations / alert_w_investigations as share,
    ((w_investigations + 1) / (alert_w_investigations + 2))
      / ((account_item_w_investigations + 1) / (account_w_investigations + 2)) as lift,
    w_proximity / w_investigations as proximity,
    -- help: the mean grade per resolved investigation of this alert, shrunk toward the item's
    -- mean grade in the account's other alerts with the weight of :prior_weight investigations
    (w_gain + :prior_weight * coalesce(
        (account_item_w_gain - w_gain) / nullif(account_w_resolved - alert_w_resolved, 0), 0))
      / (alert_w_resolved + :prior_weight) as help,
    least(2.0, greatest(0.5, (alert_median_s + 60) / (item_median_s + 60))) as speed
  from contingency
),

final as (
  select
    account_id,
    alert_id,
    item_type,
    item_id,
    label,
    n_investigations,
    alert_n_investigations,
    n_users,
    n_via_recommendation,
    share,
    lift,
    help,
    proximity,
    speed,
    significance,
    item_median_s,
    alert_median_s,
    last_evidence_date,
    n_investigations >= :min_investigations
      and lift >= :min_lift
      and significance >= :min_significance as is_eligible,
    case
      when lift <= 1 then 0.0
      when alert_w_resolved > 0 then round(help, 9)
      else round(share * (1 - 1 / lift) * (0.5 + 0.5 * proximity) * speed, 9)
    end as score
  from features
)

select * from final
