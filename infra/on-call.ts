import { Aspects, type IAspect } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct, type IConstruct } from 'constructs';

export interface OnCallAlertsProps {
  /** Who gets the alerts by e-mail (`cdk deploy -c onCallEmail=…`); others subscribe to the topic. */
  email?: string;
}

/**
 * Alarms whose state a composite alarm reports, each with that composite: they take no action of
 * their own, or one cause (the API failing) would page once per symptom (errors, latency, every
 * route group) instead of once.
 */
const reportedThrough = new WeakMap<cloudwatch.IAlarm, cloudwatch.CompositeAlarm>();

/**
 * Where the service's alarms go: one topic for the engineer on call. Every CloudWatch alarm in the
 * scope, metric or composite, now or added later, notifies it when it fires and when it recovers,
 * so an alarm nobody hears cannot be written by accident; the only exception is an alarm a
 * composite reports ({@link OnCallAlerts.reportThrough}), which is heard through that composite.
 */
export class OnCallAlerts extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: OnCallAlertsProps = {}) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'grid-service on call',
      // No SSE: CloudWatch cannot publish to a topic under the AWS-managed SNS key, and alarm texts
      // carry no personal data. Publishers must still use TLS.
      enforceSSL: true,
    });
    if (props.email) this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
    Aspects.of(scope).add(new NotifyOnCall(this.topic));
  }

  /**
   * Lets `composite` speak for `alarms`: they notify nobody themselves, and the composite (which
   * must fire whenever any of them does) notifies the on-call topic, naming the ones that fired.
   */
  static reportThrough(composite: cloudwatch.CompositeAlarm, alarms: readonly cloudwatch.IAlarm[]): void {
    for (const alarm of alarms) reportedThrough.set(alarm, composite);
  }

  /** The composite alarm that reports `alarm`, if one does. */
  static reporterOf(alarm: cloudwatch.IAlarm): cloudwatch.CompositeAlarm | undefined {
    return reportedThrough.get(alarm);
  }
}

/**
 * Points every alarm, metric or composite, at the on-call topic, for its alarm and its OK
 * transitions; an alarm a composite reports is left to it.
 */
class NotifyOnCall implements IAspect {
  constructor(private readonly topic: sns.ITopic) {}

  visit(node: IConstruct): void {
    if (!(node instanceof cloudwatch.AlarmBase) || reportedThrough.has(node)) return;
    const action = new actions.SnsAction(this.topic);
    node.addAlarmAction(action);
    node.addOkAction(action);
  }
}
