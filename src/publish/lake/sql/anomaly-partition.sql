-- One anomalies partition: the stored findings whose day falls in the billing period.
SELECT * FROM finops_meta.anomalies WHERE strftime(day, '%Y-%m') = $period
