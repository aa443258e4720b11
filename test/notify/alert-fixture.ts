/** One alert as anomaly detection sends it, for the sink tests. */
import type { Alert } from '../../src/notify/alert.ts';

export const alert: Alert = {
  kind: 'anomalies',
  title: 'Cost spike: Amazon EC2 in AWS account 111122223333 on 2024-03-16',
  summary: 'EffectiveCost was 812.40 USD against 310.12 USD expected (+502.28 USD, +162%).',
  severity: 'critical',
  fields: [
    { label: 'Service', value: 'Amazon EC2' },
    { label: 'Impact', value: '+502.28 USD' },
  ],
  lines: ['i-0abc  BoxUsage:c6i.xlarge: 480.00 USD (+470.00 vs 10.00)'],
  link: 'https://finops.example/anomalies',
};
