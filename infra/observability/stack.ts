import { NestedStack } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import { ServiceAlarms } from './alarms';
import { ServiceDashboard, type ServiceDashboardProps } from './dashboard';

export interface ObservabilityProps extends Omit<ServiceDashboardProps, 'alarms'> {
  /** The parent's alarms, for the dashboard's status panel. */
  parentAlarms: readonly cloudwatch.IAlarm[];
}

/**
 * The alarms and the dashboard, in a nested stack of their own. CloudFormation takes at most 500
 * resources a stack, and the service's stack holds about 440 (two per route: the route and its
 * invoke permission), so the ~35 alarms here would leave it little room for new routes; here they
 * cost it one resource. They reach the functions, the API, the table and the on-call topic
 * through parameters CDK passes from the parent, and infra/on-call.ts's aspect (applied to the
 * parent) still points every alarm here at the topic.
 */
export class ObservabilityStack extends NestedStack {
  readonly alarms: ServiceAlarms;
  readonly dashboard: ServiceDashboard;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id, { description: `${props.serviceName}: alarms and dashboard` });
    this.alarms = new ServiceAlarms(this, 'Alarms', props);
    this.dashboard = new ServiceDashboard(this, 'Dashboard', {
      ...props,
      alarms: [...props.parentAlarms, ...this.alarms.alarms.values()],
    });
  }
}
